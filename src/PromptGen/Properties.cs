using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PromptGen.Tests")]
