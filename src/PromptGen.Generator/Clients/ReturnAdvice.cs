using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

/// <summary>
/// What PG0002 adds for the return type at hand, after the list of shapes that work (review 12 #4: <c>Task&lt;dynamic&gt;</c>
/// was told only the list, a synchronous <c>string</c> was not told to await).
/// </summary>
internal static class ReturnAdvice
{
    /// <summary>"; …" for <paramref name="returnType"/>, or "" when the list of shapes says it all.</summary>
    public static string For(ITypeSymbol returnType, KnownTypes known)
    {
        if (HasDynamic(returnType))
        {
            return "; 'dynamic' is read as object, so the caller's dynamic calls would fail at run time: return a type of your own (a record with properties), "
                + "or Task<object> with [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)] for any JSON (read as a JsonElement)";
        }

        if (returnType.SpecialType == SpecialType.System_Void
            || returnType is INamedTypeSymbol { Name: "Task" or "ValueTask", Arity: 0 } && returnType.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks")
        {
            return "; a call returns the model's reply: return Task<string> for its text";
        }

        if (returnType is INamedTypeSymbol named
            && (named.OriginalDefinition.Equals(known.Task, SymbolEqualityComparer.Default) || named.OriginalDefinition.Equals(known.ValueTask, SymbolEqualityComparer.Default)))
        {
            return "";
        }

        return returnType.TypeKind is TypeKind.Error or TypeKind.Pointer or TypeKind.FunctionPointer || returnType.IsRefLikeType || returnType.Name is "ValueTask" or "IAsyncEnumerable"
            ? ""
            : "; a prompt call is asynchronous: return Task<" + DisplayNames.Of(returnType) + ">";
    }

    private static bool HasDynamic(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Dynamic } => true,
        IArrayTypeSymbol array => HasDynamic(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(HasDynamic),
        _ => false,
    };
}
