
namespace PromptGen.Generator.Clients;

/// <summary>Writes a JSON method's reply contract (a static <c>JsonReplyFormat&lt;T&gt;</c>) and the call that uses it.</summary>
internal static class TypedReplyEmitter
{
    private const string Format = "global::PromptGen.JsonReplyFormat";

    /// <summary>The field's preferred name; the emitter's NameScope makes it unique (overloads get <c>…Reply2</c>).</summary>
    public static string FieldName(MethodSpec method) => "__" + SymbolText.Unescape(method.Name) + "Reply";

    /// <summary>
    /// The schema is a string constant parsed once, when the class is first used. Without a JsonContext the field is
    /// created by the reflection-based factory, whose [RequiresUnreferencedCode]/[RequiresDynamicCode] make the trim and
    /// AOT analyzers warn in the user's build.
    /// </summary>
    public static void EmitFormatField(SourceWriter w, MethodSpec method, JsonReplySpec reply, string field)
    {
        var type = method.ValueType!;
        reply = TypedReplies.Written(reply); // written in the Bound step already; as it is then
        // Named arguments, one per line: the generated field reads as a description of the reply format.
        w.Lines($"""
            private static readonly {Format}<{type}> {field} = {Format}<{type}>.{(reply.Context is null ? "CreateWithReflection" : "Create")}(
                kind: global::PromptGen.ResponseFormatKind.{reply.Format},
                strict: {Bool(reply.Strict)},
                name: {SymbolText.Literal(reply.Name)},
                schema: {Json(reply.Schema!)},
                rules: {(reply.Rules is null ? "null" : Json(reply.Rules))},
                wrapped: {Bool(reply.Wrapped)},
                nullable: {Bool(reply.Nullable)},
                maxRetries: {reply.MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(reply.Context is null ? ");" : ",")}
            """);
        if (reply.Context is { } context)
        {
            w.Line($"    typeInfo: (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{type}>){context}.Default.GetTypeInfo(typeof({reply.TypeOf}))!);");
        }

        w.Line();
    }

    /// <summary>A schema as an escaped string literal (not a raw literal: generated code must compile from C# 8 on).</summary>
    private static string Json(string json) => SymbolText.Literal(json);

    private static string Bool(bool value) => value ? "true" : "false";

    public static void EmitCall(SourceWriter w, MethodSpec method, string cancellation, string transport, string request, string field)
    {
        var call = method.Kind switch
        {
            ReturnKind.JsonResult => "JsonResultAsync",
            ReturnKind.JsonChoices => "JsonChoicesAsync",
            _ => "JsonAsync",
        };
        w.Line($"return await global::PromptGen.PromptReply.{call}({transport}, {request}, {field}, {cancellation}).ConfigureAwait(false);");
    }
}
