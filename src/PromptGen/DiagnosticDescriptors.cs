using Microsoft.CodeAnalysis;

namespace PromptGen.Generator;

/// <summary>Every diagnostic PromptGen reports. Ids are stable once shipped; see AnalyzerReleases.*.md and docs/diagnostics.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "PromptGen";

    public static readonly DiagnosticDescriptor InterfaceNotPartial = Create(
        "PG0001",
        "Prompt interface must be partial",
        "Interface '{0}' has [PromptClient] but is not partial; declare it 'partial interface {0}' so PromptGen can add its Client class");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "PG0002",
        "Unsupported return type",
        "Method '{0}' returns '{1}', which PromptGen cannot produce; return Task<string>, Task<T>, ValueTask<T>, Task<ChatResult<T>>, Task<IReadOnlyList<T>> (with [Choices] above 1) or IAsyncEnumerable<string>");

    public static readonly DiagnosticDescriptor UnknownTemplateName = Create(
        "PG0003",
        "Unknown name in template",
        "The template of '{0}' uses '{1}', which is not a parameter of the method{2}");

    public static readonly DiagnosticDescriptor TemplateSyntaxError = Create(
        "PG0004",
        "Template syntax error",
        "Template error in '{0}': {1}");

    public static readonly DiagnosticDescriptor SettingOutOfRange = Create(
        "PG0005",
        "Setting out of range",
        "{0} is {1}, outside the range the API accepts ({2}); choose a value from {2}");

    public static readonly DiagnosticDescriptor NoPrompt = Create(
        "PG0006",
        "Method has no prompt",
        "Method '{0}' has no [UserPrompt] and no single string parameter to send as the user message; add [UserPrompt(\"…\")] or one string parameter");

    public static readonly DiagnosticDescriptor UnknownMember = Create(
        "PG0007",
        "Member not found in template",
        "The template of '{0}' uses '{1}', but '{2}' has no public property or field '{3}'{4}");

    public static readonly DiagnosticDescriptor NotEnumerable = Create(
        "PG0008",
        "Template loop over a value that is not a sequence",
        "The template of '{0}' loops over '{1}', which is a '{2}', not a sequence; loop over an array, list or other IEnumerable<T>");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
        "PG0009",
        "Containing type must be partial",
        "Interface '{0}' is nested in '{1}', which is not partial; declare '{1}' partial so PromptGen can extend the interface");

    public static readonly DiagnosticDescriptor UnsupportedMethod = Create(
        "PG0010",
        "Unsupported method shape",
        "Method '{0}' cannot be implemented by PromptGen: {1}");

    public static readonly DiagnosticDescriptor UnsupportedReplyShape = Create(
        "PG0050",
        "Reply type cannot be described in this response format",
        "The reply of '{0}' cannot be described in {1}: {2}");

    public static readonly DiagnosticDescriptor ReplyTypeNotInContext = Create(
        "PG0051",
        "Return type not registered in the JsonContext",
        "'{0}' returns '{1}', which '{2}' does not register; add [JsonSerializable(typeof({1}))] to '{2}'");

    public static readonly DiagnosticDescriptor NotAJsonContext = Create(
        "PG0052",
        "JsonContext is not a JsonSerializerContext",
        "JsonContext '{0}' of '{1}' is not a JsonSerializerContext; name a partial class deriving from JsonSerializerContext with [JsonSerializable] for each return type");

    public static readonly DiagnosticDescriptor RepairOutOfRange = Create(
        "PG0053",
        "Repair limit out of range",
        "[Repair] allows {0} retries; choose 0 to {1}");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "PG0099",
        "PromptGen failed",
        "PromptGen could not generate '{0}': {1}; please report this with the declaration that caused it");

    /// <summary>The documentation page of a diagnostic.</summary>
    public static string HelpLink(string id) => $"https://github.com/promptgen/promptgen/blob/main/docs/diagnostics/{id}.md";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
