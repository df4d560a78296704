using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Every diagnostic PromptGen reports. Ids are stable once shipped; see AnalyzerReleases.*.md and docs/diagnostics.</summary>
internal static partial class DiagnosticDescriptors
{
    private const string Category = "PromptGen";

    /// <summary>
    /// Every descriptor declared below, in id order: what <see cref="PromptAnalyzer"/> supports. Read from this class's
    /// fields once, so a new descriptor cannot be left out of the analyzer's list.
    /// </summary>
    public static ImmutableArray<DiagnosticDescriptor> All => s_all ??= typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(member => member.FieldType == typeof(DiagnosticDescriptor))
        .Select(member => (DiagnosticDescriptor)member.GetValue(null)!)
        .OrderBy(descriptor => descriptor.Id, System.StringComparer.Ordinal)
        .ToImmutableArray();

    private static ImmutableArray<DiagnosticDescriptor>? s_all;

    /// <summary>The descriptor with <paramref name="id"/> (a <see cref="Fault"/> stores only the id).</summary>
    public static DiagnosticDescriptor ById(string id) => All.First(descriptor => descriptor.Id == id);

    public static readonly DiagnosticDescriptor InterfaceNotPartial = Create(
        "PG0001",
        "Prompt interface must be partial",
        "Prompt interface '{0}' is not partial; declare it 'partial interface {0}' so PromptGen can add its Client class");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "PG0002",
        "Unsupported return type",
        "Method '{0}' returns '{1}', which PromptGen cannot produce; return Task<string>, Task<T>, ValueTask<T>, Task<ChatResult<T>>, Task<IReadOnlyList<T>> (with [Choices] above 1), IAsyncEnumerable<string>, IAsyncEnumerable<T>, ChatStream<T> or PartialStream<T>{2}");

    public static readonly DiagnosticDescriptor UnknownTemplateName = Create(
        "PG0003",
        "Unknown name in template",
        "The template of '{0}' uses '{1}', {2}");

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
        "Method '{0}' has no [UserPrompt] and no single string parameter to send as the user message; add [UserPrompt(\"…\")] or one string parameter{1}");

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

    public static readonly DiagnosticDescriptor MultipleCancellationTokens = Create(
        "PG0011",
        "More than one CancellationToken parameter",
        "Method '{0}' already has the CancellationToken parameter '{1}'; remove '{2}' (one token cancels the call)");

    public static readonly DiagnosticDescriptor UnsupportedMember = Create(
        "PG0012",
        "Prompt interfaces declare only methods",
        "'{0}' is {1}, which PromptGen cannot implement; {2}");

    public static readonly DiagnosticDescriptor GeneratedNameClash = Create(
        "PG0013",
        "Name clashes with generated code",
        "'{0}' clashes with {1}; rename it");

    public static readonly DiagnosticDescriptor NotDeserializable = Create(
        "PG0014",
        "Return type cannot be deserialised",
        "Method '{0}' returns JSON as '{1}', but {2}, so System.Text.Json cannot create it; add a public parameterless constructor, keep a single public constructor, or mark one [JsonConstructor]");

    public static readonly DiagnosticDescriptor ChoicesNeedList = Create(
        "PG0015",
        "Several choices need a list return type",
        "Method '{0}' asks for {1} but returns '{2}', which holds one; return Task<IReadOnlyList<{3}>> to receive every choice, or {4}");

    public static readonly DiagnosticDescriptor ListNeedsChoices = Create(
        "PG0016",
        "A list return type needs several choices",
        "Method '{0}' returns '{1}', a list of choices, but asks for one; add [Choices(n)] with n above 1, or return Task<List<{2}>> or Task<{2}[]> for a JSON array in one reply");

    public static readonly DiagnosticDescriptor StreamingWithChoices = Create(
        "PG0017",
        "Streaming returns one choice",
        "Method '{0}' streams its reply but asks for {1} choices; a stream carries one reply, so {2}");

    public static readonly DiagnosticDescriptor UnusedParameter = Create(
        "PG0018",
        "Parameter used in no prompt",
        "Parameter '{0}' of '{1}' is used in no prompt, so its value is never sent; insert it with '{{{{ {0} }}}}' or remove it",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MaxTokensNotPositive = Create(
        "PG0019",
        "MaxTokens must be positive",
        "MaxTokens is {0}; the reply needs room for at least one token: use a value of 1 or more, or remove [MaxTokens]");

    public static readonly DiagnosticDescriptor TooManyStopSequences = Create(
        "PG0020",
        "More than four stop sequences",
        "[Stop] has {0} sequences; the API accepts at most 4: keep the four that matter");

    public static readonly DiagnosticDescriptor EmptyStopSequence = Create(
        "PG0021",
        "Empty stop sequence",
        "{0}: remove it or give it text");

    public static readonly DiagnosticDescriptor TemperatureAndTopP = Create(
        "PG0022",
        "Temperature and TopP both set",
        "{0} sets both Temperature and TopP; the API advises altering one of them, not both",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor DuplicatePrompt = Create(
        "PG0023",
        "More than one prompt at one level",
        "'{0}' has more than one [{1}]; only one {2} message is sent: merge them into one template");

    public static readonly DiagnosticDescriptor EmptyPrompt = Create(
        "PG0024",
        "Empty prompt",
        "The [{0}] of '{1}' is empty; write the instructions, or remove the attribute");

    public static readonly DiagnosticDescriptor EmptyFewShot = Create(
        "PG0025",
        "Few-shot example with an empty side",
        "The {0} side of a [FewShot] example of '{1}' is empty; an example needs both a user message and the assistant's reply");

    public static readonly DiagnosticDescriptor FewShotNotJson = Create(
        "PG0026",
        "Few-shot reply is not valid JSON",
        "'{0}' replies in JSON, but this [FewShot] reply is not valid JSON: {1}");

    public static readonly DiagnosticDescriptor FewShotDoesNotFit = Create(
        "PG0027",
        "Few-shot reply does not fit the return type",
        "This [FewShot] reply does not fit '{0}': {1}");

    public static readonly DiagnosticDescriptor NoCancellationToken = Create(
        "PG0028",
        "Method has no CancellationToken",
        "Method '{0}' has no CancellationToken parameter, so its call cannot be cancelled; add 'CancellationToken cancellationToken = default' as the last parameter",
        DiagnosticSeverity.Hidden);

    public static readonly DiagnosticDescriptor GenericInterface = Create(
        "PG0029",
        "Prompt interface cannot be generic",
        "Interface '{0}' is generic, which PromptGen does not implement; remove its type parameters (a generic method or interface cannot choose a JSON shape at build time)");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
        "PG0030",
        "PromptGen needs C# 8 or later",
        "The implementation of '{0}' needs C# 8 or later, but this project compiles C# {1}; set <LangVersion>8.0</LangVersion> or later in the project file");

    public static readonly DiagnosticDescriptor FileLocalInterface = Create(
        "PG0031",
        "Prompt interface cannot be file-local",
        "Interface '{0}' is file-local, so code PromptGen generates in another file cannot extend it; remove the 'file' modifier (make it 'internal' to keep it out of other assemblies)");

    public static readonly DiagnosticDescriptor UsesContainingTypeParameter = Create(
        "PG0032",
        "Method uses a type parameter of the containing type",
        "Method '{0}' uses type parameter '{1}' of the generic containing type '{2}', which PromptGen cannot implement; use a concrete type in '{0}', or declare the interface outside '{2}'");

    public static readonly DiagnosticDescriptor InVariantInterface = Create(
        "PG0033",
        "Prompt interface nested in a variant interface",
        "Interface '{0}' is nested in '{1}', whose type parameters are 'in' or 'out', and C# allows no class there for its Client; declare '{0}' outside '{1}'");

    public static readonly DiagnosticDescriptor ControlCharacterDefault = Create(
        "PG0046",
        "A default value sends a control character in the prompt",
        "Parameter '{0}' defaults to {1}, which holds the control character {2}: when the argument is left out, the prompt of '{3}' sends it to the model as is; {4}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedReplyShape = Create(
        "PG0050",
        "Reply type cannot be described in this response format",
        "The reply of '{0}' cannot be described in {1}: {2}");

    public static readonly DiagnosticDescriptor RepairOnStreamedItems = Create(
        "PG0080",
        "[Repair] has no effect on this stream",
        "Method '{0}' returns '{1}', {2}, so [Repair] has no effect on it; remove [Repair]{3}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RepairHasNoEffect = Create(
        "PG0045",
        "[Repair] has no effect on this method",
        "Method '{0}' {1}, so [Repair] has no effect on it; remove [Repair]{2}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PartialNeedsObject = Create(
        "PG0081",
        "Partial snapshots need an object type",
        "Method '{0}' streams snapshots of '{1}', which is not a JSON object with properties (a scalar, an array or a nullable type travels as {{\"value\": …}}); stream snapshots of a class, record or struct, or return ChatStream<T> to stream the items of an array");

    public static readonly DiagnosticDescriptor StreamShapeNotSupported = Create(
        "PG0082",
        "Stream return type cannot stream",
        "Method '{0}' returns '{1}', which cannot stream: {2}");

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

    public static readonly DiagnosticDescriptor ImageInTemplate = Create(
        "PG0070",
        "Image parameter used in a template",
        "The template of '{0}' inserts '{1}', which is an image: it cannot be inserted as text. Remove '{1}' from the template: an image is sent only as a parameter of type ImageInput (or a list of them), attached to the user message after the text (testing an image in an if, or looping over a list of images, is fine)");

    public static readonly DiagnosticDescriptor ImageWithoutUserMessage = Create(
        "PG0071",
        "Image parameter without a user message",
        "Method '{0}' has image parameter '{1}' but no user message to attach it to; add [UserPrompt(\"…\")] (or one string parameter to send as the text)");

    public static readonly DiagnosticDescriptor InvalidImageDetail = Create(
        "PG0072",
        "Image detail level out of range",
        "[ImageDetail] is {0}, which is not a detail level; use ImageDetail.Auto, ImageDetail.Low or ImageDetail.High");

    public static readonly DiagnosticDescriptor ImageDetailWithoutImage = Create(
        "PG0073",
        "Image detail with no image",
        "[ImageDetail] has no effect: {0}; put it on an ImageInput parameter, or on a method that has one",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PromptToolsNotInterface = Create(
        "PG0060",
        "[PromptTools] type is not an interface",
        "'{0}' has [PromptTools] but is not an interface; declare the tools as an interface and pass an implementation to the prompt method");

    public static readonly DiagnosticDescriptor UnsupportedToolMethod = Create(
        "PG0061",
        "Tool method cannot be called by the model",
        "Tool method '{0}' cannot be called by the model: {1}");

    public static readonly DiagnosticDescriptor ToolParameterNotDescribable = Create(
        "PG0062",
        "Tool parameter cannot be described as JSON Schema",
        "The parameters of tool '{0}' cannot be described as JSON Schema: {1}");

    public static readonly DiagnosticDescriptor ToolResultNotSerializable = Create(
        "PG0063",
        "Tool result cannot be sent to the model",
        "The result of tool '{0}' cannot be sent to the model: {1}");

    public static readonly DiagnosticDescriptor DuplicateToolName = Create(
        "PG0064",
        "Two tools with the same name",
        "Function name '{0}' is used by both '{1}' and '{2}', and the model could not tell them apart; rename one with [ToolName(\"…\")]");

    public static readonly DiagnosticDescriptor InvalidToolName = Create(
        "PG0065",
        "Invalid tool name",
        "Function name '{0}' of '{1}' is not valid: {2}; use 1 to 64 letters, digits, '_' or '-' ([ToolName(\"…\")])");

    public static readonly DiagnosticDescriptor ToolsInTemplate = Create(
        "PG0066",
        "Tools parameter used in a template",
        "A template of '{0}' uses the tools parameter '{1}'; tools are sent as the request's 'tools', not as text, so remove '{1}' from the template");

    public static readonly DiagnosticDescriptor MissingToolDescription = Create(
        "PG0067",
        "Tool or tool parameter without a description",
        "{0} has no description, and the model chooses tools and arguments worse without one; add a /// <summary> (for a parameter a <param>) or [Description]",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor ToolSettingMisuse = Create(
        "PG0068",
        "Tool setting cannot work",
        "The tool settings of '{0}' cannot work: {1}");

    public static readonly DiagnosticDescriptor ToolsInterfaceShape = Create(
        "PG0069",
        "Tools interface cannot be dispatched",
        "Tools interface '{0}' cannot be dispatched: {1}");

    public static readonly DiagnosticDescriptor ToolsParameterUnusable = Create(
        "PG0054",
        "Tools parameter cannot be used",
        "Tools parameter '{1}' of '{0}' cannot be used: {2}");

    public static readonly DiagnosticDescriptor EmptyToolsInterface = Create(
        "PG0055",
        "Tools interface has no tools",
        "Tools interface '{0}' has no methods the model could call, so it adds no tools and no 'tools' are sent for it; {1}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ToolAttributeOutsideTools = Create(
        "PG0059",
        "Tool attribute outside a tools interface",
        "[{0}] on '{1}' has no effect: it describes a tool, so it belongs on a [PromptTools] interface or one of its methods; remove it, or add [PromptTools] to '{2}'",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ToolsPassedTwice = Create(
        "PG0036",
        "Tools interface passed twice",
        "Tools parameter '{0}' of '{1}' passes {2}, already passed as parameter '{3}', so the model would be offered the same functions twice; remove one of the two parameters");

    public static readonly DiagnosticDescriptor EmptyModelName = Create(
        "PG0038",
        "Empty model name",
        "The [Model] of '{0}' is empty, so the request would silently use the client's default model instead; name the model (for example [Model(\"gpt-4o-mini\")]), or remove the attribute to use the client's model on purpose");

    public static readonly DiagnosticDescriptor InvalidResponseFormat = Create(
        "PG0037",
        "Response format out of range",
        "[ResponseFormat] of '{0}' is (ResponseFormatKind){1}, which is not a format; use ResponseFormatKind.JsonSchema, ResponseFormatKind.JsonObject or ResponseFormatKind.Text");

    public static readonly DiagnosticDescriptor ToolTypeNotInContext = Create(
        "PG0056",
        "Tool type not registered in the JsonContext",
        "The {0} '{1}', which '{2}' does not register; add [JsonSerializable(typeof({1}))] to '{2}'");

    public static readonly DiagnosticDescriptor ToolsContextUnusable = Create(
        "PG0057",
        "Tools JsonContext cannot be used",
        "JsonContext '{0}' of tools interface '{1}' cannot be used: {2}");

    public static readonly DiagnosticDescriptor TypeLessAccessibleThanInterface = Create(
        "PG0058",
        "Type less accessible than the prompt interface",
        "The generated client cannot implement '{0}': {1} uses '{2}', which is {3}, but '{4}' is {5}; make '{2}' {5} or '{4}' {3}");
    public static readonly DiagnosticDescriptor PromptBudgetWithoutHistory = Create(
        "PG0075",
        "Prompt token budget without a history",
        "'{0}' declares [MaxPromptTokens] but has no history parameter (IEnumerable<ChatMessage>) to trim; add one, or remove the attribute");

    public static readonly DiagnosticDescriptor PromptBudgetNotPositive = Create(
        "PG0076",
        "Prompt token budget must be positive",
        "[MaxPromptTokens] is {0}; a prompt needs at least 1 token: use a value of 1 or more, or [MaxPromptTokens] without a value for the model's context window minus [MaxTokens]");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "PG0099",
        "PromptGen failed",
        "PromptGen could not generate '{0}': {1}; please report this with the declaration that caused it");

    /// <summary>The property of PG0003 and PG0007 that holds the suggested name, for the code fix.</summary>
    public const string SuggestionProperty = "Suggestion";

    /// <summary>The documentation page of a diagnostic.</summary>
    public static string HelpLink(string id) => $"https://github.com/promptgen/promptgen/blob/main/docs/diagnostics/{id}.md";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
