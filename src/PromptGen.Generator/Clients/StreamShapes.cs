using System.Collections.Generic;
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
            return Usable(argument) ? (ReturnKind.StreamPartials, Generated(argument)) : (ReturnKind.Unsupported, null);
        }

        if (argument.SpecialType == SpecialType.System_String)
        {
            return (isEnumerable ? ReturnKind.StreamText : ReturnKind.StreamTextResult, null);
        }

        if (PartialOf(argument, known) is { } partial)
        {
            return isEnumerable && Usable(partial) ? (ReturnKind.StreamPartials, Generated(partial)) : (ReturnKind.Unsupported, null);
        }

        if (IsWrapper(argument, known) || !Usable(argument))
        {
            return (ReturnKind.Unsupported, null);
        }

        return (ReturnKind.StreamItems, Generated(argument));
    }

    /// <summary>The T each item becomes, or the T a partial stream ends with.</summary>
    public static ITypeSymbol ValueTypeSymbol(INamedTypeSymbol named, KnownTypes known)
    {
        var argument = named.TypeArguments[0];
        return PartialOf(argument, known) ?? argument;
    }

    /// <summary>
    /// Why a return type holding a stream cannot work (PG0082), or null when it can (or holds no stream): a stream that
    /// is awaited or wrapped (<c>Task&lt;ChatResult&lt;ChatStream&lt;string&gt;&gt;&gt;</c>, <c>ChatResult&lt;IAsyncEnumerable&lt;T&gt;&gt;</c>,
    /// <c>Task&lt;IReadOnlyList&lt;PartialStream&lt;T&gt;&gt;&gt;</c>, <c>Task&lt;Partial&lt;T&gt;&gt;</c>, at any depth), a stream
    /// of streams or of results, or <c>ChatStream&lt;Partial&lt;T&gt;&gt;</c>. The message names the shape to return instead.
    /// </summary>
    public static string? WhyNot(ITypeSymbol returnType, KnownTypes known)
    {
        if (returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named && !IsPartial(named, known) && Classify(named, known) is not null)
        {
            var argument = named.TypeArguments[0];
            if (IsChatStream(named, known) && PartialOf(argument, known) is { } partial)
            {
                return $"snapshots of an object with the final value are a PartialStream; return 'PartialStream<{Display(partial)}>'";
            }

            if (IsResult(argument, known))
            {
                return $"a stream yields items, not '{DisplayNames.Of(argument.OriginalDefinition)}'; return '{Instead(named, known, wantsResult: true)}' for the items and the stream's Result (usage, finish reason, cost)";
            }

            var snapshots = Is(named, known.AsyncEnumerable) && PartialOf(argument, known) is not null; // IAsyncEnumerable<Partial<T>>
            var inner = IsStreamType(argument, known) && !snapshots ? (INamedTypeSymbol)argument : FirstNested(argument, known, wrappers: null);
            if (inner is not null)
            {
                return $"a stream yields items, not streams; return '{Instead(inner, known, wantsResult: false)}'";
            }

            return null; // usable, or PG0002 as for any other return type (type parameters, object, dynamic, error types)
        }

        // Most return types nest no stream: they are walked without a list, and the message is written apart.
        var stream = returnType is INamedTypeSymbol self && IsPartial(self, known) ? self : FirstNested(returnType, known, wrappers: null);
        return stream is null ? null : WhyNotNested(returnType, stream, known);
    }

    /// <summary><see cref="WhyNot"/> for a <paramref name="stream"/> found inside <paramref name="returnType"/> (or a Partial&lt;T&gt; returned).</summary>
    private static string WhyNotNested(ITypeSymbol returnType, INamedTypeSymbol stream, KnownTypes known)
    {
        var wrappers = new List<INamedTypeSymbol>();
        if (!(returnType is INamedTypeSymbol self && IsPartial(self, known)))
        {
            FirstNested(returnType, known, wrappers);
        }

        if (IsPartial(stream, known))
        {
            return $"a Partial<T> is a snapshot a stream yields, never a value on its own; return '{Instead(stream, known, wantsResult: true)}' for the snapshots and the final value";
        }

        var wantsResult = wrappers.Exists(w => IsResult(w, known));
        var awaitedOnly = wrappers.TrueForAll(w => IsTask(w, known));
        var why = awaitedOnly
            ? "a stream is returned as it is, not awaited"
            : $"a stream is returned as it is, not inside '{Outline(wrappers)}'"
              + (wantsResult ? " (ChatStream<T>.Result carries the usage, finish reason and cost)" : "")
              + (wrappers.Exists(w => !IsTask(w, known) && !IsResult(w, known)) ? " (a method returns one stream)" : "");
        return $"{why}; return '{Instead(stream, known, wantsResult)}'";
    }

    /// <summary>
    /// The stream-specific checks: <c>[Repair]</c> on a method whose shape cannot repair (PG0080) and a partial stream of a
    /// type that is not a JSON object (PG0081). A shape that cannot repair is every stream but <c>PartialStream&lt;T&gt;</c>
    /// (text has no schema, items are checked as they arrive, and <c>IAsyncEnumerable&lt;Partial&lt;T&gt;&gt;</c> never
    /// hands out its final value); <paramref name="reply"/> loses its retries there, so no repair request is ever sent.
    /// Only a method's own <c>[Repair]</c> is reported: the interface's is a default for the methods that can repair,
    /// and the others ignore it (one attribute, many methods: no warning per method at one place).
    /// </summary>
    public static void Check(IMethodSymbol method, ReturnKind kind, ref JsonReplySpec? reply, KnownTypes known, MethodFaults faults, CancellationToken cancellationToken)
    {
        if (!IsStream(kind))
        {
            return;
        }

        var partialStream = method.ReturnType is INamedTypeSymbol named && known.PartialStream is not null
            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, known.PartialStream);
        if (!partialStream)
        {
            if (reply is { MaxRetries: > 0 })
            {
                reply = reply with { MaxRetries = 0 };
            }

            if (FullNames.Attribute(method, TypedReplies.RepairAttribute) is { } repair)
            {
                var (why, instead) = kind switch
                {
                    ReturnKind.StreamItems => ("whose items are checked as each arrives and never repaired", $", or return 'Task<List<{Display(ValueTypeSymbol((INamedTypeSymbol)method.ReturnType, known))}>>' to have the whole reply repaired"),
                    ReturnKind.StreamPartials => ("which never hands out the final value a repair would correct", $", or return 'PartialStream<{Display(ValueTypeSymbol((INamedTypeSymbol)method.ReturnType, known))}>', whose final Value is checked and repaired"),
                    _ => ("a stream of text, which has no schema to check a reply against", ""),
                };
                faults.Add(DiagnosticDescriptors.RepairOnStreamedItems, FaultSite.Attribute(repair), null, method.Name, Display(method.ReturnType), why, instead); // a warning
            }
        }

        if (kind == ReturnKind.StreamPartials && reply is { Wrapped: true })
        {
            var valueType = Display(ValueTypeSymbol((INamedTypeSymbol)method.ReturnType, known));
            faults.Add(DiagnosticDescriptors.PartialNeedsObject, SymbolText.ReturnTypeLocation(method, cancellationToken), $"its partial type '{valueType}' is not a JSON object", method.Name, valueType);
        }
    }

    /// <summary>
    /// What PG0017 tells a stream with several choices to do instead: a stream carries one reply; text and snapshots
    /// have a non-streamed list of whole choices, items (one array of one reply) do not.
    /// </summary>
    public static string ChoicesFix(ReturnKind kind, ITypeSymbol? valueType) => kind switch
    {
        ReturnKind.StreamItems => "remove [Choices] (streamed items always come from one reply)",
        ReturnKind.StreamPartials when valueType is not null => $"remove [Choices], or return 'Task<IReadOnlyList<{Display(valueType)}>>' to receive every choice whole",
        _ => "remove [Choices], or return 'Task<IReadOnlyList<string>>' to receive every choice whole",
    };

    /// <summary>
    /// How PromptGen's stream messages show a type: as every message does (<see cref="DisplayNames"/>), with nullable
    /// annotations kept (<c>Person?</c>, <c>List&lt;string?&gt;</c>).
    /// </summary>
    public static string Display(ITypeSymbol type) => DisplayNames.Of(type);

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

    private static string Generated(ITypeSymbol type) => type.ToDisplayString(SymbolText.PlainTypeFormat);

    private static bool Is(ITypeSymbol type, INamedTypeSymbol? definition) =>
        definition is not null && type is INamedTypeSymbol { IsGenericType: true } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, definition);

    private static bool IsChatStream(ITypeSymbol type, KnownTypes known) => Is(type, known.ChatStream);

    private static bool IsPartial(ITypeSymbol type, KnownTypes known) => Is(type, known.Partial);

    private static bool IsResult(ITypeSymbol type, KnownTypes known) => Is(type, known.ChatResult);

    private static bool IsTask(ITypeSymbol type, KnownTypes known) => Is(type, known.Task) || Is(type, known.ValueTask);

    /// <summary>IAsyncEnumerable, ChatStream, PartialStream or Partial, with one type argument.</summary>
    private static bool IsStreamType(ITypeSymbol type, KnownTypes known) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 }
        && (Is(type, known.AsyncEnumerable) || Is(type, known.ChatStream) || Is(type, known.PartialStream) || Is(type, known.Partial));

    /// <summary>
    /// The first stream type inside <paramref name="type"/>'s type arguments or array elements (depth first), with the
    /// generic types around it in <paramref name="wrappers"/>, outermost first; null when there is none.
    /// </summary>
    private static INamedTypeSymbol? FirstNested(ITypeSymbol type, KnownTypes known, List<INamedTypeSymbol>? wrappers)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsStreamType(array.ElementType, known) ? (INamedTypeSymbol)array.ElementType : FirstNested(array.ElementType, known, wrappers);
            case INamedTypeSymbol { IsGenericType: true } named:
                wrappers?.Add(named);
                foreach (var argument in named.TypeArguments)
                {
                    if (IsStreamType(argument, known))
                    {
                        return (INamedTypeSymbol)argument;
                    }

                    if (FirstNested(argument, known, wrappers) is { } found)
                    {
                        return found;
                    }
                }

                wrappers?.RemoveAt(wrappers.Count - 1);
                return null;
            default:
                return null;
        }
    }

    /// <summary>The stream shape to return instead of <paramref name="stream"/> found wrapped (with a Result when the wrapper asked for one).</summary>
    private static string Instead(INamedTypeSymbol stream, KnownTypes known, bool wantsResult)
    {
        var argument = stream.TypeArguments[0];
        if (IsPartial(stream, known))
        {
            return $"PartialStream<{Display(ObjectOf(argument))}>";
        }

        if (PartialOf(argument, known) is { } partial && (wantsResult || IsChatStream(stream, known)))
        {
            return $"PartialStream<{Display(ObjectOf(partial))}>";
        }

        if (IsResult(argument, known))
        {
            argument = ((INamedTypeSymbol)argument).TypeArguments[0];
            wantsResult = true;
        }

        var partialStream = Is(stream, known.PartialStream);
        var name = partialStream ? "PartialStream" : wantsResult || IsChatStream(stream, known) ? "ChatStream" : "IAsyncEnumerable";
        return $"{name}<{Display(partialStream ? ObjectOf(argument) : argument)}>";
    }

    /// <summary>
    /// The type a partial stream can snapshot, for a suggestion: without a nullable annotation (<c>Rec?</c> → <c>Rec</c>,
    /// <c>Point?</c> → <c>Point</c>), since a PartialStream of a nullable type is PG0081.
    /// </summary>
    private static ITypeSymbol ObjectOf(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);

    /// <summary>The wrappers as the user wrote them, the stream left out: <c>Task&lt;ChatResult&lt;…&gt;&gt;</c>.</summary>
    private static string Outline(List<INamedTypeSymbol> wrappers)
    {
        var text = "…";
        for (var i = wrappers.Count - 1; i >= 0; i--)
        {
            text = $"{wrappers[i].Name}<{text}>";
        }

        return text;
    }
}
