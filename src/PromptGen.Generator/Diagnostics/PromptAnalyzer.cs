using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Reports misuse of PromptGen's attributes, by running the generator's parser with a reporting sink.</summary>
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

            var known = new KnownTypes(start.Compilation);
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
            var spec = Parser.Parse(type, known, sink, context.CancellationToken);
            if (spec.Failure is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, type.Locations[0], type.Name, spec.Failure));
            }

            ReportClassification(context, type, spec, known, sink);
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
    /// Reports each method's classification: exactly the faults the parser recorded (those that make the generator write
    /// a stub, and the cheap warnings recorded beside them), each located only now.
    /// </summary>
    private static void ReportClassification(SymbolAnalysisContext context, INamedTypeSymbol type, InterfaceSpec spec, KnownTypes known, DiagnosticSink sink)
    {
        var interfaceLevel = AttributeSet.Read(type);
        // The parser's methods, in its order: the type's abstract instance methods.
        var symbols = System.Linq.Enumerable.ToList(System.Linq.Enumerable.OfType<IMethodSymbol>(type.GetMembers()));
        symbols.RemoveAll(m => m is not { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false });
        for (var i = 0; i < symbols.Count; i++)
        {
            var method = i < spec.Methods.Count ? spec.Methods[i] : null; // none when the parser failed (PG0099)
            ReportingChecks.Method(symbols[i], method, interfaceLevel, known, sink, context.CancellationToken);
            if (method is null)
            {
                continue;
            }

            foreach (var fault in method.Faults)
            {
                context.ReportDiagnostic(fault.ToDiagnostic(context.Compilation, symbols[i], context.CancellationToken));
            }
        }
    }

    /// <summary>
    /// PG0059: <c>[ToolName]</c> or <c>[RethrowToolExceptions]</c> on an interface without <c>[PromptTools]</c> (or on its
    /// methods). Only a tools interface reads them, so elsewhere they would be silently ignored.
    /// </summary>
    private static void ReportToolAttributes(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (var symbol in System.Linq.Enumerable.Prepend(type.GetMembers(), type))
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
