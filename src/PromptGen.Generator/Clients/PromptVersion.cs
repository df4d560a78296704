using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PromptGen.Generator.Clients;

/// <summary>
/// The version of a method's prompt: the first 6 bytes (12 hexadecimal characters) of a SHA-256 over everything about the
/// prompt that is fixed at build time — the system and user templates as written, the few-shot examples, the JSON
/// instruction, the settings and the response format with its schema. It is computed from values, not syntax, so it
/// changes exactly when one of those does: reformatting code, renaming the method or moving it leaves it alone; any
/// change inside a template string changes it.
/// </summary>
internal static class PromptVersion
{
    /// <summary>Computes the version.</summary>
    /// <param name="system">The system template as written, or null.</param>
    /// <param name="user">The user template as written; <c>null</c> when the user message is the method's one string argument.</param>
    /// <param name="fewShots">The few-shot examples, in order.</param>
    /// <param name="historyCount">How many history parameters the method has (their messages sit between the few-shots and the user message).</param>
    /// <param name="settings">The resolved settings.</param>
    /// <param name="reply">The JSON reply contract, or null for text.</param>
    public static string Compute(string? system, string? user, IEnumerable<(string User, string Assistant)> fewShots, int historyCount, SettingsSpec settings, JsonReplySpec? reply)
    {
        var text = new StringBuilder();
        Add(text, "system", system);
        foreach (var (fewShotUser, fewShotAssistant) in fewShots)
        {
            Add(text, "fewshot.user", fewShotUser);
            Add(text, "fewshot.assistant", fewShotAssistant);
        }

        Add(text, "history", historyCount.ToString(CultureInfo.InvariantCulture));
        Add(text, "user", user ?? "(the string argument)");
        Add(text, "model", settings.Model);
        Add(text, "temperature", Number(settings.Temperature));
        Add(text, "top_p", Number(settings.TopP));
        Add(text, "max_tokens", settings.MaxTokens?.ToString(CultureInfo.InvariantCulture));
        foreach (var stop in settings.Stop)
        {
            Add(text, "stop", stop);
        }

        Add(text, "frequency_penalty", Number(settings.FrequencyPenalty));
        Add(text, "presence_penalty", Number(settings.PresencePenalty));
        Add(text, "seed", settings.Seed?.ToString(CultureInfo.InvariantCulture));
        Add(text, "n", settings.Choices?.ToString(CultureInfo.InvariantCulture));
        if (reply is not null)
        {
            Add(text, "format", reply.Format.ToString());
            Add(text, "strict", reply.Strict ? "true" : "false");
            Add(text, "schema.name", reply.Name);
            Add(text, "schema", reply.Schema);
            Add(text, "rules", reply.Rules);
            Add(text, "wrapped", reply.Wrapped ? "true" : "false");
            Add(text, "nullable", reply.Nullable ? "true" : "false");
            Add(text, "repair", reply.MaxRetries.ToString(CultureInfo.InvariantCulture));
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        var version = new StringBuilder(12);
        for (var i = 0; i < 6; i++)
        {
            version.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return version.ToString();
    }

    // Length-prefixed, so no two different inputs can produce the same text.
    private static void Add(StringBuilder text, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        text.Append(name).Append(':').Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
