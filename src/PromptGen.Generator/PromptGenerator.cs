using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PromptGen.Generator;

/// <summary>
/// Implements prompt interfaces (see <see cref="PrimaryDeclaration"/>): finds them, parses each into a value-equatable spec, and emits a nested
/// <c>Client</c> class per interface. Misuse is reported by <see cref="PromptAnalyzer"/>, which runs the same parser.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PromptGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Generated code needs C# 8 (a class nested in an interface, #nullable); below that PG0030 reports and nothing is written.
        var supported = context.ParseOptionsProvider.Select(static (options, _) =>
            options is Microsoft.CodeAnalysis.CSharp.CSharpParseOptions csharp && csharp.LanguageVersion >= Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8);

        // A prompt interface is one that carries a PromptGen prompt attribute or setting, on itself, a method or a parameter
        // (PrimaryDeclaration.Triggers). One pipeline per attribute, each parsing only the interfaces whose first trigger
        // it holds, so every interface is parsed and emitted exactly once and each stays cached on its own.
        var pipelines = PrimaryDeclaration.Triggers.Select(trigger => Select(context, trigger.MetadataName, Predicate(trigger.Places))).ToArray();

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

        // Hint names are unique by construction except for case, which Roslyn ignores when it compares them: the few
        // names equal but for case (ITutor, Itutor) are narrowed to one tiny equatable value, so a change elsewhere
        // leaves every output cached.
        var names = fakes.Select(static (all, _) => all.Select(static fake => fake.HintName).ToEquatableArray());
        foreach (var pipeline in pipelines)
        {
            names = names.Combine(pipeline.Select(static (spec, _) => spec.HintName).Collect())
                .Select(static (pair, _) => pair.Left.Concat(pair.Right).ToEquatableArray());
        }

        // [PromptTools] interfaces, parsed once each: their dispatchers (below) and the tools prompt methods send.
        var toolSets = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ToolNames.PromptToolsAttribute,
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (syntax, cancellationToken) => ToolParser.Parse((INamedTypeSymbol)syntax.TargetSymbol, DiagnosticSink.None, cancellationToken))
            .WithTrackingName(TrackingNames.ToolSets);

        // What each [PromptTools] interface sends, as the prompt versions hash it: taken from the ToolSets pipeline's
        // value-equal specs, so a Clients transform names its tools interfaces instead of parsing them again (ToolSetTexts).
        var toolTexts = toolSets.Collect().Select(static (all, _) => ToolSetTexts.Index(all)).WithTrackingName(TrackingNames.ToolTexts);

        // Templates are parsed and bound after the transform, on its plain-value output: an edit elsewhere re-runs the
        // transform (the compilation changed), finds its output equal, and leaves this step and the output cached.
        var caseClashes = names.Select(static (all, _) => HintNames.CaseClashes(all)).WithTrackingName(TrackingNames.HintNameClashes);
        foreach (var pipeline in pipelines)
        {
            var tooled = pipeline.Combine(toolTexts).Select(static (pair, _) => ToolSetTexts.Fill(pair.Left, pair.Right)).WithTrackingName(TrackingNames.Tooled);
            var bound = tooled.Select(static (spec, _) => TemplateStep.Bind(spec)).WithTrackingName(TrackingNames.Bound);
            context.RegisterSourceOutput(bound.Combine(supported).Combine(caseClashes), static (output, input) =>
            {
                if (input.Left.Right)
                {
                    Emit(output, input.Left.Left, input.Right);
                }
            });
        }

        context.RegisterSourceOutput(fakes, static (output, all) => EmitFakes(output, all));

        // Tools: each [PromptTools] interface gets a dispatcher class beside it (Tools/); prompt methods name it.
        context.RegisterSourceOutput(toolSets.Combine(supported), static (output, input) =>
        {
            if (input.Right && input.Left.CanEmit)
            {
                Write(output, input.Left.InterfaceFullName, input.Left.HintName, () => ToolEmitter.Emit(input.Left));
            }
        });
    }

    /// <summary>A cheap syntactic test: the attribute sits on an interface, a method of one, or a parameter of such a method.</summary>
    private static Func<SyntaxNode, System.Threading.CancellationToken, bool> Predicate(PrimaryDeclaration.Places places) => (node, _) => node switch
    {
        InterfaceDeclarationSyntax => (places & PrimaryDeclaration.Places.Interface) != 0,
        MethodDeclarationSyntax { Parent: InterfaceDeclarationSyntax } => (places & PrimaryDeclaration.Places.Method) != 0,
        ParameterSyntax { Parent.Parent: MethodDeclarationSyntax { Parent: InterfaceDeclarationSyntax } } => (places & PrimaryDeclaration.Places.Parameter) != 0,
        _ => false,
    };

    private static IncrementalValuesProvider<InterfaceSpec> Select(IncrementalGeneratorInitializationContext context, string attribute,
        System.Func<SyntaxNode, System.Threading.CancellationToken, bool> predicate) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                predicate,
                (syntax, cancellationToken) => PrimaryDeclaration.Primary(syntax, attribute) is { } type
                    ? Parser.Parse(type, KnownTypes.For(syntax.SemanticModel.Compilation), cancellationToken)
                    : null)
            .WithTrackingName(TrackingNames.Specs)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Interfaces);

    private static void Emit(SourceProductionContext context, InterfaceSpec spec, EquatableArray<string> caseClashes)
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

        var hintName = caseClashes.Contains(spec.HintName) ? HintNames.WithCase(spec.HintName) : spec.HintName;
        Write(context, spec.FullName, hintName, () => Emitter.Emit(spec));
    }

    private static void EmitFakes(SourceProductionContext context, EquatableArray<FakeSpec> fakes)
    {
        foreach (var fake in fakes)
        {
            Write(context, fake.InterfaceFullName, fake.HintName, () => FakeEmitter.Emit(fake));
        }
    }

    /// <summary>
    /// Emits one file. An emitter's exception or a hint name Roslyn refuses costs that file (PG0099 naming
    /// <paramref name="what"/>), never the generator's other output.
    /// </summary>
    private static void Write(SourceProductionContext context, string what, string hintName, Func<string> emit)
    {
        try
        {
            context.AddSource(hintName, SourceText.From(emit(), System.Text.Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, what, exception.GetType().Name + ": " + exception.Message));
        }
    }
}
