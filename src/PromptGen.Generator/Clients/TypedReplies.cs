using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Clients;

/// <summary>
/// The parser's part for JSON methods: reads [ResponseFormat], [Repair] and the interface's JsonContext, derives the
/// return type's schema, and reports what cannot work (PG0050–PG0053). Returns a value-only <see cref="JsonReplySpec"/>.
/// </summary>
internal static class TypedReplies
{
    public const string ResponseFormatAttribute = "PromptGen.ResponseFormatAttribute";
    public const string RepairAttribute = "PromptGen.RepairAttribute";
    public const int MaxRetriesLimit = 10;

    private const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";

    /// <summary>Interface-level checks, reported once: the JsonContext must be a JsonSerializerContext.</summary>
    public static void CheckInterface(INamedTypeSymbol type, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        if (ContextArgument(type) is not { } argument)
        {
            return;
        }

        if (argument.Context is not { } context || !DerivesFrom(context, JsonSerializerContext))
        {
            sink.Report(DiagnosticDescriptors.NotAJsonContext, ArgumentLocation(argument.Attribute, "JsonContext", cancellationToken),
                (argument.Context is { } named ? DisplayNames.Of(named) : null) ?? "null", type.Name);
        }
    }

    /// <summary>The system-message instruction for modes that state the schema in the prompt; null for json_schema.</summary>
    public static string? Instruction(JsonReplySpec reply) =>
        reply.Format == ReplyFormat.JsonSchema
            ? null
            : "Reply with one JSON object and nothing else. It must match this JSON Schema:\n" + Written(reply).Schema;

    /// <param name="method">The method.</param>
    /// <param name="valueType">The type a reply (or, with <paramref name="items"/>, each streamed item) becomes.</param>
    /// <param name="faults">The method's classification: PG0050–PG0053, located only by the analyzer.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="items">A streamed items method: the schema is <c>{"items": [valueType, …]}</c>.</param>
    /// <param name="contracts">The interface's JSON contracts (its options; each type read, each schema built, once).</param>
    public static JsonReplySpec Parse(IMethodSymbol method, ITypeSymbol valueType, MethodFaults faults, bool items = false, JsonContracts? contracts = null)
    {
        var owner = method.ContainingType;
        var formatAttribute = Find(method, ResponseFormatAttribute) ?? Find(owner, ResponseFormatAttribute);
        var format = formatAttribute?.ConstructorArguments.FirstOrDefault().Value is int kind && kind is >= 0 and <= 2 ? (ReplyFormat)kind : ReplyFormat.JsonSchema;
        if (formatAttribute?.ConstructorArguments.FirstOrDefault().Value is int undefined && undefined is < 0 or > 2)
        {
            faults.Add(DiagnosticDescriptors.InvalidResponseFormat, FaultSite.InArgument(formatAttribute, 0), "its [ResponseFormat] is no format", method.Name, undefined);
        }

        var strict = format == ReplyFormat.JsonSchema
            && formatAttribute?.NamedArguments.FirstOrDefault(n => n.Key == "Strict").Value.Value is not false;

        var repairAttribute = Find(method, RepairAttribute) ?? Find(owner, RepairAttribute);
        var maxRetries = repairAttribute?.ConstructorArguments.FirstOrDefault().Value as int? ?? 0;
        if (maxRetries is < 0 or > MaxRetriesLimit)
        {
            faults.Add(DiagnosticDescriptors.RepairOutOfRange, FaultSite.InArgument(repairAttribute!, 0), null, maxRetries, MaxRetriesLimit);

            maxRetries = maxRetries < 0 ? 0 : MaxRetriesLimit;
        }

        // The deserialiser's options decide names, enums and converters: the context's, or PromptGen's reflection options.
        contracts ??= new JsonContracts(ContractOptions(owner));
        var options = contracts.Options;
        string? contextName = null;
        if (ContextArgument(owner) is { Context: { } context } && DerivesFrom(context, JsonSerializerContext))
        {
            contextName = context.ToDisplayString(SymbolText.PlainTypeFormat);
            // Registered, or reached from a registered type: both are served (Json/ContextTypes.cs).
            if (!new ContextTypes(context).Serves(valueType))
            {
                faults.Add(DiagnosticDescriptors.ReplyTypeNotInContext, FaultSite.ReturnType, null, method.Name, DisplayNames.Of(valueType), context.Name);
            }
        }

        var mode = format switch
        {
            ReplyFormat.JsonSchema => strict ? "json_schema strict mode" : "json_schema",
            ReplyFormat.JsonObject => "json_object mode",
            _ => "text mode",
        };
        var built = contracts.Schema(valueType, new SchemaSettings(strict, mode, options), items);
        var result = built.Result;
        foreach (var problem in result.Problems)
        {
            faults.Add(DiagnosticDescriptors.UnsupportedReplyShape, FaultSite.ReturnType, null, method.Name, mode, problem);
        }

        var name = SchemaNames.Of(valueType);
        if (items)
        {
            name = (name.Length > 59 ? name.Substring(0, 59) : name) + "Items"; // json_schema names are at most 64 characters
        }

        var reply = new JsonReplySpec(format, strict, name, null, null, result.Wrapped,
            result.Nullable, maxRetries, valueType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolText.PlainTypeFormat), contextName, result.Root);

        // A json_schema request sends the schema in its response_format: the texts are written after the transform
        // (Written). The other formats state it in a system message the parser builds now (Instruction).
        return format == ReplyFormat.JsonSchema ? reply : Written(reply);
    }

    /// <summary>
    /// <paramref name="reply"/> with its schema texts written from <see cref="JsonReplySpec.Tree"/> (the sent schema, and
    /// the rules when they say more); as it is when they are written already.
    /// </summary>
    public static JsonReplySpec Written(JsonReplySpec reply)
    {
        if (reply.Tree is not { } tree)
        {
            return reply;
        }

        var schema = BuiltSchema.SentText(tree, reply.Strict);
        var rules = tree.ToJson();
        return reply with { Schema = schema, Rules = rules == schema ? null : rules, Tree = null };
    }

    /// <summary>
    /// How System.Text.Json reads the replies of <paramref name="owner"/>'s methods: the options of its JsonContext, or
    /// PromptGen's reflection options when it names none (or names something that is not a JsonSerializerContext, PG0052).
    /// </summary>
    public static JsonContractOptions ContractOptions(INamedTypeSymbol owner) =>
        ContextArgument(owner) is { Context: { } context } && DerivesFrom(context, JsonSerializerContext)
            ? JsonContractOptions.OfContext(context)
            : JsonContractOptions.Reflection;

    private static (AttributeData Attribute, INamedTypeSymbol? Context)? ContextArgument(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (!FullNames.Is(attribute.AttributeClass, KnownNames.PromptClientAttribute))
            {
                continue;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "JsonContext")
                {
                    return (attribute, named.Value.Value as INamedTypeSymbol);
                }
            }
        }

        return null;
    }

    private static AttributeData? Find(ISymbol symbol, string name) => FullNames.Attribute(symbol, name);

    private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == baseName)
            {
                return true;
            }
        }

        return false;
    }

    private static Location? ArgumentLocation(AttributeData attribute, string? name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return null;
        }

        var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => name is null ? a.NameEquals is null : a.NameEquals?.Name.Identifier.Text == name);
        return argument?.Expression.GetLocation() ?? syntax.GetLocation();
    }

}
