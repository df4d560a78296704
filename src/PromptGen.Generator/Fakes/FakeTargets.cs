using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Generator.Fakes;

/// <summary>
/// What a <c>[assembly: PromptFake(typeof(X))]</c> names, decided once for the generator (which fakes only what it can
/// write as compiling code) and the analyzer (which says why it will not): an interface it can fake, or the PG0034/PG0035
/// that explains why not. Problems the compiler already reports at the <c>typeof</c> (a missing or inaccessible type)
/// give neither a fake nor a second diagnostic.
/// </summary>
internal static class FakeTargets
{
    /// <summary>The interface to fake and whether the attribute names it open (<c>typeof(IRepo&lt;&gt;)</c>, <c>typeof(Outer&lt;&gt;.IInner)</c>).</summary>
    public readonly struct Target
    {
        public Target(INamedTypeSymbol? type, bool open, DiagnosticDescriptor? problem, string[] arguments)
        {
            Type = type;
            Open = open;
            Problem = problem;
            Arguments = arguments;
        }

        /// <summary>The interface (its definition when open), or null when there is nothing to fake.</summary>
        public INamedTypeSymbol? Type { get; }

        public bool Open { get; }

        /// <summary>Why there is no fake, when PromptGen is the one to say it.</summary>
        public DiagnosticDescriptor? Problem { get; }

        public string[] Arguments { get; }
    }

    private static readonly string[] None = System.Array.Empty<string>();

    public static Target Resolve(AttributeData attribute, Compilation compilation)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            return default; // The compiler reports the bad argument.
        }

        var value = attribute.ConstructorArguments[0].Value;
        if (value is null)
        {
            return NotAnInterface("null", "no type at all");
        }

        if (value is not ITypeSymbol type || type.TypeKind == TypeKind.Error)
        {
            return default;
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Interface } named)
        {
            return NotAnInterface(DisplayNames.Of(type), Describe(type));
        }

        var open = false;
        for (var current = named; current is not null; current = current.ContainingType)
        {
            open |= current.IsUnboundGenericType;
        }

        var target = open ? named.OriginalDefinition : named;
        var display = DisplayNames.Of(named);
        if (FileLocal(target) is { } fileLocal)
        {
            return CannotFake(display, $"'{fileLocal}' is file-local, so the fake, which is generated in a file of its own, cannot see it; remove 'file' (make it 'internal' to keep it in this assembly)");
        }

        if (!compilation.IsSymbolAccessibleWithin(target, compilation.Assembly))
        {
            return default; // CS0122 at the typeof.
        }

        if (open)
        {
            var chain = Chain(target);
            var duplicate = chain.SelectMany(t => t.TypeParameters).GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                return CannotFake(display, $"the fake takes over the type parameters of '{DisplayNames.Of(chain[0])}' and the types inside it, and '{duplicate.Key}' is declared twice among them; rename one");
            }
        }

        var needsUnsafe = false;
        foreach (var member in new[] { target }.Concat(target.AllInterfaces).SelectMany(i => i.GetMembers()).Where(m => m.IsAbstract))
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } @operator)
            {
                return CannotFake(display, $"it declares the static abstract operator '{@operator.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}', which a fake class cannot stand in for; fake an interface without operators");
            }

            if (compilation is CSharpCompilation { LanguageVersion: var language } && FakeLanguage.Needs(member) is { } needs && language < needs.Version)
            {
                var version = needs.Version.ToDisplayString();
                return CannotFake(display, $"its member '{member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}' {needs.What}, which a class can implement only in C# {version} or later, but this project compiles C# {language.ToDisplayString()}; set <LangVersion>{version}</LangVersion> or later in the test project");
            }

            needsUnsafe |= member switch
            {
                IMethodSymbol method => ParameterText.IsUnsafe(method.ReturnType) || method.Parameters.Any(p => ParameterText.IsUnsafe(p.Type)),
                IPropertySymbol property => ParameterText.IsUnsafe(property.Type) || property.Parameters.Any(p => ParameterText.IsUnsafe(p.Type)),
                IEventSymbol @event => ParameterText.IsUnsafe(@event.Type),
                _ => false,
            };
        }

        if (needsUnsafe && compilation.Options is Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions { AllowUnsafe: false })
        {
            return CannotFake(display, "its members use pointer types, which the fake can only repeat in unsafe code; set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the test project");
        }

        return new Target(target, open, null, None);
    }

    /// <summary>The types from the outermost containing type down to <paramref name="type"/>.</summary>
    public static List<INamedTypeSymbol> Chain(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, current);
        }

        return chain;
    }

    private static Target NotAnInterface(string display, string what) =>
        new(null, false, DiagnosticDescriptors.FakeNeedsInterface, new[] { display, what });

    private static Target CannotFake(string display, string why) =>
        new(null, false, DiagnosticDescriptors.CannotFake, new[] { display, why });

    private static string Describe(ITypeSymbol type) => type switch
    {
        { SpecialType: SpecialType.System_Void } => "'void'",
        IArrayTypeSymbol => "an array type",
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => "a pointer type",
        { TypeKind: TypeKind.Enum } => "an enum",
        { TypeKind: TypeKind.Delegate } => "a delegate",
        { IsRecord: true, TypeKind: TypeKind.Struct } => "a record struct",
        { IsRecord: true } => "a record",
        { TypeKind: TypeKind.Struct } => "a struct",
        { TypeKind: TypeKind.Class } => "a class",
        _ => "not an interface",
    };

    /// <summary>The first file-local type among the type, the types it is nested in and its type arguments.</summary>
    private static string? FileLocal(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return FileLocal(array.ElementType);
            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (current.IsFileLocal)
                    {
                        return DisplayNames.Of(current);
                    }
                }

                return named.TypeArguments.Select(FileLocal).FirstOrDefault(f => f is not null);
            default:
                return null;
        }
    }
}
