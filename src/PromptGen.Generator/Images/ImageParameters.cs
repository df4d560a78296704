using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Images;

/// <summary>
/// An image parameter, as the emitter needs it: whether it holds a list of images (else one), whether a
/// <see langword="null"/> argument attaches nothing (<c>ImageInput?</c>, or a default of <see langword="null"/>) rather than
/// failing, and the detail level its <c>[ImageDetail]</c> (or the method's, or the interface's) names: 0 auto, 1 low,
/// 2 high, <see langword="null"/> for none.
/// </summary>
internal sealed record ImageParameterSpec(bool IsList, bool Optional, int? Detail);

/// <summary>
/// Image parameters: which parameters are images (<c>ImageInput</c>, or an array or <c>IEnumerable&lt;ImageInput&gt;</c>),
/// the detail level that applies to each, and the checks PG0070–PG0073 (PG0070, an image inside a template, is
/// reported by the template binder through <see cref="IsImage"/>).
/// </summary>
internal static class ImageParameters
{
    /// <summary>Whether <paramref name="type"/> is an image or a list of images.</summary>
    public static bool IsImage(ITypeSymbol type, KnownTypes known) => Shape(type, known) is not null;

    /// <summary>Whether a parameter of <paramref name="type"/> holds one image (<see langword="false"/>), a list (<see langword="true"/>), or none (<see langword="null"/>).</summary>
    public static bool? Shape(ITypeSymbol type, KnownTypes known)
    {
        if (known.ImageInput is null)
        {
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(type, known.ImageInput))
        {
            return false;
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return SymbolEqualityComparer.Default.Equals(array.ElementType, known.ImageInput) ? true : null;
        }

        if (type.SpecialType == SpecialType.System_String || Sequences.CannotBe(type))
        {
            return null;
        }

        return known.SequenceOf(type).Yields(known.ImageInput) ? true : null;
    }

    /// <summary>The spec of an image parameter; <paramref name="isList"/> from <see cref="Shape"/>.</summary>
    public static ImageParameterSpec Describe(IParameterSymbol parameter, bool isList)
    {
        var optional = parameter.NullableAnnotation == NullableAnnotation.Annotated
            || (parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null);
        var detail = ValidDetail(DetailOf(parameter)) ?? ValidDetail(DetailOf(parameter.ContainingSymbol)) ?? ValidDetail(DetailOf(parameter.ContainingType));
        return new ImageParameterSpec(isList, optional, detail);
    }

    /// <summary>
    /// PG0071 (image parameters but no user message: reported instead of PG0006), PG0072 (an <c>[ImageDetail]</c> value that
    /// is not a level) and PG0073 (an <c>[ImageDetail]</c> with no image to apply to), recorded in the method's
    /// classification; the attributes are located only when the analyzer reports them.
    /// </summary>
    public static void Check(IMethodSymbol method, KnownTypes known, bool hasUserMessage, MethodFaults faults)
    {
        // Plain loops (no LINQ, no list): this runs for every method on every keystroke.
        IParameterSymbol? firstImage = null;
        var parameters = method.Parameters; // each read allocates a new array
        foreach (var parameter in parameters)
        {
            if (IsImage(parameter.Type, known))
            {
                firstImage = parameter;
                break;
            }
        }

        if (firstImage is not null && !hasUserMessage)
        {
            faults.Add(DiagnosticDescriptors.ImageWithoutUserMessage, firstImage.Locations.FirstOrDefault(),
                $"image parameter '{firstImage.Name}' has no user message to attach to", method.Name, firstImage.Name);
        }

        CheckDetail(method, DetailAttribute(method), firstImage is not null);
        foreach (var parameter in parameters)
        {
            if (DetailAttribute(parameter) is { } attribute)
            {
                CheckDetail(parameter, attribute, IsImage(parameter.Type, known));
            }
        }

        void CheckDetail(ISymbol owner, AttributeData? attribute, bool appliesTo)
        {
            if (attribute is null)
            {
                return;
            }

            if (DetailValue(attribute) is { } value && ValidDetail(value) is null)
            {
                faults.Add(DiagnosticDescriptors.InvalidImageDetail, FaultSite.InArgument(attribute, 0), "its [ImageDetail] names no detail level", value);
            }

            if (!appliesTo)
            {
                faults.Add(DiagnosticDescriptors.ImageDetailWithoutImage, FaultSite.Attribute(attribute), null,
                    owner is IParameterSymbol ? $"parameter '{owner.Name}' is not an image" : $"method '{method.Name}' has no image parameter");
            }
        }
    }

    /// <summary>
    /// The interface's own <c>[ImageDetail]</c>, once: PG0072 when its value is no level, PG0073 when no method of the
    /// interface has an image parameter, so it applies to nothing (located at the attribute, as on a method).
    /// </summary>
    public static void CheckInterface(INamedTypeSymbol type, KnownTypes known, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        if (DetailAttribute(type) is not { } attribute)
        {
            return;
        }

        if (DetailValue(attribute) is { } value && ValidDetail(value) is null)
        {
            sink.Report(DiagnosticDescriptors.InvalidImageDetail, ArgumentLocation(attribute, cancellationToken), value);
        }

        if (!type.GetMembers().OfType<IMethodSymbol>().Any(m => m is { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false }
            && m.Parameters.Any(p => IsImage(p.Type, known))))
        {
            sink.Report(DiagnosticDescriptors.ImageDetailWithoutImage, AttributeLocation(attribute, cancellationToken),
                $"interface '{type.Name}' has no method with an image parameter");
        }
    }

    private static int? ValidDetail(int? value) => value is >= 0 and <= 2 ? value : null;

    private static int? DetailOf(ISymbol symbol) => DetailAttribute(symbol) is { } attribute ? DetailValue(attribute) : null;

    private static int? DetailValue(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value ? value : null;

    private static AttributeData? DetailAttribute(ISymbol symbol) =>
        FullNames.Attribute(symbol, KnownNames.ImageDetailAttribute);

    private static Location? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    private static Location? ArgumentLocation(AttributeData attribute, CancellationToken cancellationToken) =>
        (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault()?.Expression.GetLocation()
        ?? AttributeLocation(attribute, cancellationToken);
}
