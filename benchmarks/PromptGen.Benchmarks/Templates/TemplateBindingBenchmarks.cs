using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Diagnostics;
using PromptGen.Generator.Shared;
using PromptGen.Generator.Templates;

namespace PromptGen.Benchmarks.Templates;

/// <summary>
/// Binding one condition of <see cref="Operators"/> + 1 operands joined by <c>&amp;&amp;</c>. Each operand is bound
/// once, so time and allocations grow linearly with the operators (it used to double with each one: 24 operands, 3.5 s).
/// </summary>
[MemoryDiagnoser]
public class TemplateBindingBenchmarks
{
    private string _template = "";
    private string[] _parameters = Array.Empty<string>();
    private Dictionary<string, ITypeSymbol> _scope = new();
    private KnownTypes _known = null!;

    [Params(8, 16, 24, 64, 256)]
    public int Operators { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var compilation = TemplateCompilation.Create(TemplateCompilation.Interface("{{ a }}", "string a, bool b"));
        var method = (IMethodSymbol)compilation.GetTypeByMetadataName("IBench")!.GetMembers("AskAsync").Single();
        _scope = method.Parameters.Where(p => p.Name != "cancellationToken").ToDictionary(p => p.Name, p => p.Type);
        _parameters = method.Parameters.Select(p => p.Name).ToArray();
        _known = new KnownTypes(compilation);
        var operands = Enumerable.Range(0, Operators + 1).Select(i => i % 2 == 0 ? "b" : "a");
        _template = "{{ if " + string.Join(" && ", operands) + " }}yes{{ end }}";
    }

    [Benchmark]
    public int Bind() => TemplateBinder.Bind(_template, "AskAsync", _parameters, _scope, _known, DiagnosticSink.None, null).Nodes.Count;
}
