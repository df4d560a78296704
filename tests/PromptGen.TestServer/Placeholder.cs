namespace PromptGen.TestServer;

internal static class Placeholder
{
}
