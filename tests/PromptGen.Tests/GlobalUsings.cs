global using PromptGen.Generator;
global using PromptGen.Generator.Clients;
global using PromptGen.Generator.Diagnostics;
global using PromptGen.Generator.Fakes;
global using PromptGen.Generator.Json;
global using PromptGen.Generator.Shared;
global using PromptGen.Generator.Templates;
