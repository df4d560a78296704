using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Shared;

/// <summary>
/// How generated code writes symbols and values as C# text, in one place for the clients and the fakes: types
/// (<c>global::</c>-qualified, with <c>?</c>), names (escaped when they are keywords), string literals, ref prefixes,
/// type parameter lists and constraint clauses; and where a method's return type is written, for diagnostics.
/// </summary>
internal static class SymbolText
{
    /// <summary><c>global::</c>-qualified, with nullable reference annotations: how generated code names a type.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// <c>global::</c>-qualified, without nullable reference annotations: where C# forbids them (<c>typeof</c>, type
    /// arguments of a <c>JsonTypeInfo</c> lookup) and for names compared as text (attribute and context types).
    /// </summary>
    public static readonly SymbolDisplayFormat PlainTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>
    /// A type's name for people and telemetry, as its symbol names it: namespaces and containing types, no <c>global::</c>,
    /// no <c>@</c> (<c>event.IAsk</c> for <c>namespace @event</c>).
    /// </summary>
    public static readonly SymbolDisplayFormat NameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>The type as generated code writes it: <c>global::System.Threading.Tasks.Task&lt;string?&gt;</c>.</summary>
    public static string Type(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    /// <summary>The namespace a type is declared in, as written after <c>namespace</c> (<c>Demo.@class</c>), or null for the global namespace.</summary>
    public static string? Namespace(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted))
            : null;

    /// <summary>A name as an identifier: <c>@class</c> for a keyword (and <c>await</c>, which async bodies reserve), else the name.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    /// <summary>A name without the <c>@</c> a keyword needs as an identifier: for names inside other names and strings (<c>Create{Method}Request</c>, <c>nameof</c>-like texts).</summary>
    public static string Unescape(string name) => name.Length > 0 && name[0] == '@' ? name.Substring(1) : name; // an identifier has at most one '@'; no params array per call

    /// <summary>A C# string literal holding <paramref name="text"/>, quoted and escaped.</summary>
    public static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary><c>ref readonly </c>, <c>ref </c> or nothing: what a member returning by reference repeats before its type.</summary>
    public static string RefPrefix(bool byRef, bool readOnly) => readOnly ? "ref readonly " : byRef ? "ref " : "";

    /// <summary>A parameter list as an implementation repeats it: modifiers, type, escaped name.</summary>
    public static string Parameters(IEnumerable<IParameterSymbol> parameters) =>
        string.Join(", ", parameters.Select(p => ParameterText.Modifiers(p) + Type(p.Type) + " " + Escape(p.Name)));

    /// <summary><c>&lt;T, U&gt;</c>, or nothing for no type parameters.</summary>
    public static string TypeParameterList(IEnumerable<ITypeParameterSymbol> typeParameters)
    {
        var names = typeParameters.Select(t => Escape(t.Name)).ToList();
        return names.Count == 0 ? "" : "<" + string.Join(", ", names) + ">";
    }

    /// <summary>
    /// The <c>where</c> clauses a new generic type repeats for the type parameters it passes on: <c>class</c>/<c>struct</c>/
    /// <c>unmanaged</c>/<c>notnull</c>, the constraint types, then <c>new()</c>. Empty when nothing is constrained.
    /// </summary>
    public static string ConstraintClauses(IEnumerable<ITypeParameterSymbol> typeParameters)
    {
        var clauses = new List<string>();
        foreach (var parameter in typeParameters)
        {
            var parts = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                parts.Add("notnull");
            }

            parts.AddRange(parameter.ConstraintTypes.Select(Type));
            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                clauses.Add(" where " + Escape(parameter.Name) + " : " + string.Join(", ", parts));
            }
        }

        return string.Concat(clauses);
    }

    /// <summary>
    /// The clauses an explicit implementation of a generic method needs: C# lets it repeat only <c>class</c>,
    /// <c>struct</c> or <c>default</c>, and needs them where the signature writes <c>T?</c>, so that <c>T?</c> keeps
    /// the interface's meaning (a nullable reference, not <c>Nullable&lt;T&gt;</c>).
    /// </summary>
    public static string ImplementationConstraintClauses(IMethodSymbol method)
    {
        var annotated = new HashSet<int>(); // ordinals of the method's type parameters written T?
        Collect(method.ReturnType);
        foreach (var parameter in method.Parameters)
        {
            Collect(parameter.Type);
        }

        return string.Concat(method.TypeParameters
            .Where(t => annotated.Contains(t.Ordinal) && !t.HasValueTypeConstraint)
            .Select(t => " where " + Escape(t.Name) + " : " + (t.HasReferenceTypeConstraint ? "class" : "default")));

        void Collect(ITypeSymbol type)
        {
            switch (type)
            {
                case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method, NullableAnnotation: NullableAnnotation.Annotated } parameter:
                    annotated.Add(parameter.Ordinal);
                    break;
                case IArrayTypeSymbol array:
                    Collect(array.ElementType);
                    break;
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        Collect(argument);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Where a method's return type is written (for diagnostics about it); the method's name when it has no syntax (a
    /// method read from metadata), and null only when it has no location at all.
    /// </summary>
    public static Location? ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration
            ? declaration.ReturnType.GetLocation()
            : method.Locations.FirstOrDefault();
}
