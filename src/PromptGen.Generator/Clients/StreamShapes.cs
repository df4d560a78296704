using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

/// <summary>
/// The streamed return types beyond <c>IAsyncEnumerable&lt;string&gt;</c>: <c>ChatStream&lt;string&gt;</c> (text and
/// the stream's result), <c>IAsyncEnumerable&lt;T&gt;</c>/<c>ChatStream&lt;T&gt;</c> (items of a JSON array as each
/// completes) and <c>PartialStream&lt;T&gt;</c>/<c>IAsyncEnumerable&lt;Partial&lt;T&gt;&gt;</c> (snapshots of one
/// object). Classifies them, says why a stream shape cannot work (PG0080–PG0082), and writes the call.
/// </summary>
internal static class StreamShapes
{

    /// <summary>Whether <paramref name="kind"/> is a streamed JSON shape (its reply has a schema).</summary>
    public static bool IsJson(ReturnKind kind) => kind is ReturnKind.StreamItems or ReturnKind.StreamPartials;

    /// <summary>Whether <paramref name="kind"/> streams.</summary>
    public static bool IsStream(ReturnKind kind) => kind is ReturnKind.StreamText or ReturnKind.StreamTextResult or ReturnKind.StreamItems or ReturnKind.StreamPartials;

    /// <summary>
    /// The stream shape of <paramref name="named"/> (a generic type with one argument), or null when it is not a stream
    /// type at all (Task, ValueTask, …). An unusable stream shape is <see cref="ReturnKind.Unsupported"/> (see <see cref="WhyNot"/>).
    /// </summary>
    public static (ReturnKind Kind, string? ValueType)? Classify(INamedTypeSymbol named, KnownTypes known)
    {
        var definition = named.OriginalDefinition;
        var argument = named.TypeArguments[0];
        var isEnumerable = SymbolEqualityComparer.Default.Equals(definition, known.AsyncEnumerable);
        var isChatStream = known.ChatStream is not null && SymbolEqualityComparer.Default.Equals(definition, known.ChatStream);
        var isPartialStream = known.PartialStream is not null && SymbolEqualityComparer.Default.Equals(definition, known.PartialStream);
        if (!isEnumerable && !isChatStream && !isPartialStream)
        {
            return null;
        }

        if (isPartialStream)
        {
            return Usable(argument) ? (ReturnKind.StreamPartials, Display(argument)) : (ReturnKind.Unsupported, null);
        }

        if (argument.SpecialType == SpecialType.System_String)
        {
            return (isEnumerable ? ReturnKind.StreamText : ReturnKind.StreamTextResult, null);
        }

        if (PartialOf(argument, known) is { } partial)
        {
            return isEnumerable && Usable(partial) ? (ReturnKind.StreamPartials, Display(partial)) : (ReturnKind.Unsupported, null);
        }

        if (IsWrapper(argument, known) || !Usable(argument))
        {
            return (ReturnKind.Unsupported, null);
        }

        return (ReturnKind.StreamItems, Display(argument));
    }

    /// <summary>The T each item becomes, or the T a partial stream ends with.</summary>
    public static ITypeSymbol ValueTypeSymbol(INamedTypeSymbol named, KnownTypes known)
    {
        var argument = named.TypeArguments[0];
        return PartialOf(argument, known) ?? argument;
    }

    /// <summary>
    /// Why a stream return type cannot work (PG0082), or null when it can (or is not a stream type): the message says
    /// what to return instead.
    /// </summary>
    public static string? WhyNot(ITypeSymbol returnType, KnownTypes known)
    {
        if (returnType is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            return null;
        }

        var definition = named.OriginalDefinition;
        var argument = named.TypeArguments[0];
        if (SymbolEqualityComparer.Default.Equals(definition, known.Task) || SymbolEqualityComparer.Default.Equals(definition, known.ValueTask))
        {
            return argument is INamedTypeSymbol { IsGenericType: true } inner && Classify(inner, known) is not null
                ? $"a stream is returned as it is, not awaited; return '{inner.ToDisplayString()}'"
                : null;
        }

        if (Classify(named, known) is not { Kind: ReturnKind.Unsupported })
        {
            return null;
        }

        var isChatStream = known.ChatStream is not null && SymbolEqualityComparer.Default.Equals(definition, known.ChatStream);
        if (PartialOf(argument, known) is { } partial && isChatStream)
        {
            return $"snapshots of an object with the final value are a PartialStream; return 'PartialStream<{partial.ToDisplayString()}>'";
        }

        if (IsWrapper(argument, known))
        {
            return $"a stream yields items, not '{argument.OriginalDefinition.ToDisplayString()}'; return 'ChatStream<T>' for the items and the stream's result (usage, finish reason)";
        }

        return null; // type parameters, object, dynamic, error types: PG0002 as for any other return type
    }

    /// <summary>
    /// The stream-specific checks: [Repair] on items (PG0080: items are checked as they arrive, never repaired) and a
    /// partial stream of a type that is not a JSON object (PG0081).
    /// </summary>
    public static string? Check(IMethodSymbol method, ReturnKind kind, JsonReplySpec? reply, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        if (kind == ReturnKind.StreamItems && reply is { MaxRetries: > 0 } && sink.IsActive)
        {
            sink.Report(DiagnosticDescriptors.RepairOnStreamedItems, RepairLocation(method, cancellationToken) ?? SymbolText.ReturnTypeLocation(method, cancellationToken), method.Name);
        }

        if (kind == ReturnKind.StreamPartials && reply is { Wrapped: true })
        {
            var valueType = reply.TypeOf.Replace("global::", "");
            sink.Report(DiagnosticDescriptors.PartialNeedsObject, SymbolText.ReturnTypeLocation(method, cancellationToken), method.Name, valueType);
            return $"its partial type '{valueType}' is not a JSON object";
        }

        return null;
    }

    /// <summary>The call a streamed method returns (not awaited: the stream sends its request when enumerated).</summary>
    public static string Call(ReturnKind kind, string? valueType, string transport, string request, string? replyField, string cancellation) => kind switch
    {
        ReturnKind.StreamText => $"global::PromptGen.PromptReply.StreamText({transport}, {request}, {cancellation})",
        ReturnKind.StreamTextResult => $"global::PromptGen.PromptReply.StreamTextResult({transport}, {request}, {cancellation})",
        ReturnKind.StreamItems => $"global::PromptGen.PromptReply.StreamItems<{valueType}>({transport}, {request}, {replyField}, {cancellation})",
        _ => $"global::PromptGen.PromptReply.StreamPartials<{valueType}>({transport}, {request}, {replyField}, {cancellation})",
    };

    private static ITypeSymbol? PartialOf(ITypeSymbol type, KnownTypes known) =>
        known.Partial is not null && type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
        && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, known.Partial)
            ? named.TypeArguments[0]
            : null;

    /// <summary>PromptGen's own result wrappers, which a stream never yields.</summary>
    private static bool IsWrapper(ITypeSymbol type, KnownTypes known) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, known.ChatResult)
            || (known.ChatStream is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, known.ChatStream))
            || (known.PartialStream is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, known.PartialStream))
            || (known.Partial is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, known.Partial)));

    private static bool Usable(ITypeSymbol type) =>
        type.TypeKind is not (TypeKind.Error or TypeKind.TypeParameter or TypeKind.Dynamic) && type.SpecialType != SpecialType.System_Object;

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolText.PlainTypeFormat);

    private static Location? RepairLocation(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == TypedReplies.RepairAttribute)
            ?? method.ContainingType.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == TypedReplies.RepairAttribute);
        return attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
    }
}
