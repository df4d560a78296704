// Every folder is one namespace; each file may use any of them.
global using PromptGen.Generator.Clients;
global using PromptGen.Generator.Diagnostics;
global using PromptGen.Generator.Fakes;
global using PromptGen.Generator.Images;
global using PromptGen.Generator.Json;
global using PromptGen.Generator.Shared;
global using PromptGen.Generator.Templates;
global using PromptGen.Generator.Tools;
