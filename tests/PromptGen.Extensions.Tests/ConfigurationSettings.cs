namespace PromptGen.Extensions.Tests;

/// <summary>The configuration most DI tests start from: the loopback server's URL, a key and a model, plus what a test adds.</summary>
internal static class ConfigurationSettings
{
    public static Dictionary<string, string?> For(Uri baseUrl, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PromptGen:BaseUrl"] = baseUrl.ToString(),
            ["PromptGen:ApiKey"] = "sk-config",
            ["PromptGen:Model"] = "config-model",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}
