using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Reports misuse of PromptGen's attributes: the faults of the classification the generator's own parser makes (of the
/// interface and of each method; exactly what decides the emitted code), and the report-only checks
/// (<see cref="ReportingChecks"/>), which report to a sink.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PromptAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(KnownNames.PromptClientAttribute);
            if (attribute is null)
            {
                return;
            }

            var known = KnownTypes.For(start.Compilation);
            start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, known), SymbolKind.NamedType);
            FakeChecks.Register(start);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownTypes known)
    {
        if (context.Symbol is INamedTypeSymbol tools && ToolNames.Find(tools, ToolNames.PromptToolsAttribute) is not null)
        {
            var toolSink = new DiagnosticSink(context.ReportDiagnostic);
            ToolParser.Parse(tools, toolSink, context.CancellationToken);
            ToolParser.ReportUnregisteredTypes(tools, toolSink, context.CancellationToken);
        }

        if (context.Symbol is INamedTypeSymbol { TypeKind: TypeKind.Interface } plain && ToolNames.Find(plain, ToolNames.PromptToolsAttribute) is null)
        {
            ReportToolAttributes(context, plain);
        }

        // The generator's own test of a prompt interface: [PromptClient] is optional.
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Interface } type || !PrimaryDeclaration.IsPromptInterface(type))
        {
            return;
        }

        // Generated code nests a class in the interface and uses #nullable: C# 8. Below that the generator writes
        // nothing, and this is the one error the user sees.
        if (type.DeclaringSyntaxReferences.Length > 0
            && type.DeclaringSyntaxReferences[0].SyntaxTree.Options is Microsoft.CodeAnalysis.CSharp.CSharpParseOptions options
            && options.LanguageVersion < Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooLow, type.Locations[0], type.Name,
                Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.ToDisplayString(options.LanguageVersion)));
            return;
        }

        try
        {
            var sink = new DiagnosticSink(context.ReportDiagnostic);
            ReportingChecks.Interface(type, known, sink, context.CancellationToken);
            var spec = Parser.Parse(type, known, context.CancellationToken, out var methodSymbols);
            if (spec.Failure is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, type.Locations[0], type.Name, spec.Failure));
            }

            ReportClassification(context, type, spec, methodSymbols, known, sink);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, type.Locations[0], type.Name, exception.GetType().Name + ": " + exception.Message));
        }
    }

    /// <summary>
    /// Reports the classification: exactly the faults the parser recorded for the interface and for each method (those
    /// that change what the generator writes, and the warnings recorded beside them), each located only now; and runs
    /// each method's report-only checks.
    /// </summary>
    private static void ReportClassification(SymbolAnalysisContext context, INamedTypeSymbol type, InterfaceSpec spec, IReadOnlyList<IMethodSymbol> methodSymbols, KnownTypes known, DiagnosticSink sink)
    {
        foreach (var fault in spec.Faults)
        {
            context.ReportDiagnostic(fault.ToDiagnostic(context.Compilation, type, context.CancellationToken));
        }

        // The spec's methods and their symbols, in the parser's order; a method the parser has no spec for (it failed:
        // PG0099; or the method is declared twice: CS0111) still gets the report-only checks.
        var specs = new Dictionary<IMethodSymbol, MethodSpec>(SymbolEqualityComparer.Default);
        for (var i = 0; i < methodSymbols.Count && i < spec.Methods.Count; i++)
        {
            specs[methodSymbols[i]] = spec.Methods[i];
        }

        var interfaceLevel = AttributeSet.Read(type);
        foreach (var symbol in type.GetMembers().OfType<IMethodSymbol>().Where(m => m is { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false }))
        {
            var method = specs.TryGetValue(symbol, out var found) ? found : null;
            ReportingChecks.Method(symbol, method, interfaceLevel, known, sink, context.CancellationToken);
            foreach (var fault in method?.Faults ?? EquatableArray<Fault>.Empty)
            {
                context.ReportDiagnostic(fault.ToDiagnostic(context.Compilation, symbol, context.CancellationToken));
            }
        }
    }

    /// <summary>
    /// PG0059: <c>[ToolName]</c> or <c>[RethrowToolExceptions]</c> on an interface without <c>[PromptTools]</c> (or on its
    /// methods). Only a tools interface reads them, so elsewhere they would be silently ignored.
    /// </summary>
    private static void ReportToolAttributes(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (var symbol in type.GetMembers().Prepend(type))
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                var name = FullNames.OfPromptGenType(attribute.AttributeClass);
                if (name is not (ToolNames.ToolNameAttribute or ToolNames.RethrowToolExceptionsAttribute))
                {
                    continue;
                }

                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? symbol.Locations[0];
                var shortName = attribute.AttributeClass!.Name.Substring(0, attribute.AttributeClass.Name.Length - "Attribute".Length);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ToolAttributeOutsideTools, location, shortName, symbol.Name, type.Name));
            }
        }
    }
}
