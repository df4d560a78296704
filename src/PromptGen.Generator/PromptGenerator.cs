using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PromptGen.Generator;

/// <summary>
/// Implements [PromptClient] interfaces: finds them, parses each into a value-equatable spec, and emits a nested
/// <c>Client</c> class per interface. Misuse is reported by <see cref="PromptAnalyzer"/>, which runs the same parser.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PromptGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.PromptClientAttribute,
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (syntax, cancellationToken) => syntax.TargetSymbol is INamedTypeSymbol type && PrimaryDeclaration.Is(syntax)
                    ? Parser.Parse(type, new KnownTypes(syntax.SemanticModel.Compilation), DiagnosticSink.None, cancellationToken)
                    : null)
            .WithTrackingName(TrackingNames.Specs)
            .Where(static spec => spec is not null)
            .WithTrackingName(TrackingNames.Interfaces);

        // Generated code needs C# 8 (a class nested in an interface, #nullable); below that PG0030 reports and nothing is written.
        var supported = context.ParseOptionsProvider.Select(static (options, _) =>
            options is Microsoft.CodeAnalysis.CSharp.CSharpParseOptions csharp && csharp.LanguageVersion >= Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8);

        context.RegisterSourceOutput(specs.Combine(supported), static (output, pair) =>
        {
            if (pair.Right)
            {
                Emit(output, pair.Left!);
            }
        });

        // Fakes for tests: only in an assembly that asks with [assembly: PromptFake(typeof(I))], from I's (usually metadata)
        // symbol. Collected so an interface named twice, in one file or in several, gets one fake.
        var fakes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.PromptFakeAttribute,
                static (node, _) => node is CompilationUnitSyntax,
                static (syntax, cancellationToken) => FakeParser.Parse(syntax.Attributes, syntax.SemanticModel.Compilation, cancellationToken))
            .WithTrackingName(TrackingNames.FakeSpecs)
            .Collect()
            .Select(static (perFile, _) => FakeParser.Distinct(perFile))
            .WithTrackingName(TrackingNames.Fakes);

        context.RegisterSourceOutput(fakes, static (output, all) => EmitFakes(output, all));
    }

    private static void Emit(SourceProductionContext context, InterfaceSpec spec)
    {
        if (spec.Failure is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, spec.FullName, spec.Failure));
            return;
        }

        if (!spec.CanExtend)
        {
            // Not partial: PG0001/PG0009 tell the user; emitting would only add compiler errors on top.
            return;
        }

        string source;
        try
        {
            source = Emitter.Emit(spec);
        }
        catch (Exception exception)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, spec.FullName, exception.GetType().Name + ": " + exception.Message));
            return;
        }

        context.AddSource(spec.HintName, SourceText.From(source, System.Text.Encoding.UTF8));
    }

    private static void EmitFakes(SourceProductionContext context, EquatableArray<FakeSpec> fakes)
    {
        foreach (var fake in fakes)
        {
            EmitFake(context, fake);
        }
    }

    private static void EmitFake(SourceProductionContext context, FakeSpec fake)
    {
        string source;
        try
        {
            source = FakeEmitter.Emit(fake);
        }
        catch (Exception exception)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, fake.InterfaceFullName, exception.GetType().Name + ": " + exception.Message));
            return;
        }

        context.AddSource(fake.HintName, SourceText.From(source, System.Text.Encoding.UTF8));
    }
}
