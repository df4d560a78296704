using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Benchmarks.Generator;

/// <summary>
/// The symbol floor (issue 13 §3): the least an incremental generator producing PromptGen's output can do after an
/// edit. It selects the prompt interfaces exactly as PromptGen does — one <c>ForAttributeWithMetadataName</c> pipeline
/// per trigger attribute of PromptGen's own list (<c>PrimaryDeclaration.Triggers</c>, read from the loaded generator),
/// each interface read only by the pipeline of its first trigger — and in that transform reads the symbols PromptGen's
/// output depends on, and nothing else, into one number (equal between runs, so nothing downstream re-runs). It writes
/// no file: the output step is empty. After an edit Roslyn re-runs the transform for every attributed interface (its
/// input, the compilation, changed), and every symbol it reads is a new object of the new compilation, so what this
/// costs is what any generator reading those symbols through the incremental API costs.
/// </summary>
/// <remarks>
/// What the transform reads, per prompt interface:
/// <list type="bullet">
/// <item>the interface: its attributes with their constructor and named arguments, its name, namespace and containing types;</item>
/// <item>each abstract method: its attributes with their arguments, its return type (and type arguments), and each
/// parameter's name, type, ref kind, default value and attributes;</item>
/// <item>each JSON reply type (the value type of <c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c>, <c>IAsyncEnumerable&lt;T&gt;</c>,
/// <c>ChatStream&lt;T&gt;</c>… that is not a string), once per interface, as System.Text.Json's contract needs it: the type's
/// attributes and doc comment, its instance constructors and their parameters, its base types, each public instance
/// property and field with its type, attributes and doc comment; collection element types (through the interfaces a
/// type implements), enum members; recursively for member types;</item>
/// <item>the template scope: each parameter's type, for an enumerable its element type (<c>for</c> loops), and for a
/// word after a dot in a template (<c>{{ a.b }}</c>) the named member of the parameter's type.</item>
/// </list>
/// It does not format type names, hash, check or write anything: a generator producing the same text needs at least
/// this and some plain-value work on top, so the floor is a lower bound.
/// </remarks>
public sealed class SymbolFloorGenerator : IIncrementalGenerator
{
    private static readonly Regex Dotted = new(@"([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

    /// <summary>PromptGen's trigger attributes and where each makes an interface a prompt interface (1 interface, 2 method, 4 parameter).</summary>
    private static readonly Lazy<(string Name, int Places)[]> Triggers = new(ReadTriggers);

    /// <summary>The transform's step name (one per trigger pipeline).</summary>
    public const string TrackingName = "SymbolFloor";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaceTriggers = new HashSet<string>(Triggers.Value.Where(t => (t.Places & 1) != 0).Select(t => t.Name), StringComparer.Ordinal);
        var methodTriggers = new HashSet<string>(Triggers.Value.Where(t => (t.Places & 2) != 0).Select(t => t.Name), StringComparer.Ordinal);
        var parameterTriggers = new HashSet<string>(Triggers.Value.Where(t => (t.Places & 4) != 0).Select(t => t.Name), StringComparer.Ordinal);
        foreach (var (name, places) in Triggers.Value)
        {
            var read = context.SyntaxProvider.ForAttributeWithMetadataName(
                name,
                (node, _) => node switch
                {
                    InterfaceDeclarationSyntax => (places & 1) != 0,
                    MethodDeclarationSyntax { Parent: InterfaceDeclarationSyntax } => (places & 2) != 0,
                    ParameterSyntax { Parent.Parent: MethodDeclarationSyntax { Parent: InterfaceDeclarationSyntax } } => (places & 4) != 0,
                    _ => false,
                },
                (syntax, cancellationToken) => Primary(syntax, name, interfaceTriggers, methodTriggers, parameterTriggers) is { } type
                    ? new Reader(cancellationToken).Interface(type)
                    : -1)
                .WithTrackingName(TrackingName);
            context.RegisterSourceOutput(read, static (_, _) => { });
        }
    }

    /// <summary>The interface when <paramref name="name"/> is its first trigger (PromptGen's rule, so each interface is read once).</summary>
    private static INamedTypeSymbol? Primary(GeneratorAttributeSyntaxContext context, string name, HashSet<string> onInterface, HashSet<string> onMethod, HashSet<string> onParameter)
    {
        var type = context.TargetSymbol switch
        {
            INamedTypeSymbol { TypeKind: TypeKind.Interface } named => named,
            IMethodSymbol { ContainingType.TypeKind: TypeKind.Interface } method => method.ContainingType,
            IParameterSymbol { ContainingSymbol: IMethodSymbol { ContainingType.TypeKind: TypeKind.Interface } method } => method.ContainingType,
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        var first = First(type.GetAttributes(), onInterface);
        foreach (var member in type.GetMembers())
        {
            if (first is not null)
            {
                break;
            }

            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                first = First(method.GetAttributes(), onMethod);
                foreach (var parameter in method.Parameters)
                {
                    first ??= First(parameter.GetAttributes(), onParameter);
                }
            }
        }

        return first is not null && MetadataName(first.AttributeClass) == name
            && first.ApplicationSyntaxReference is { } application
            && application.SyntaxTree == context.TargetNode.SyntaxTree && context.TargetNode.Span.Contains(application.Span)
            ? type
            : null;
    }

    private static AttributeData? First(IEnumerable<AttributeData> attributes, HashSet<string> names) =>
        attributes.FirstOrDefault(a => MetadataName(a.AttributeClass) is { } n && names.Contains(n));

    /// <summary>"PromptGen.XAttribute" for PromptGen's attributes (the only ones triggers name), without formatting other types.</summary>
    private static string? MetadataName(INamedTypeSymbol? type) =>
        type is { ContainingNamespace: { Name: "PromptGen", ContainingNamespace.IsGlobalNamespace: true } } ? "PromptGen." + type.MetadataName : null;

    private static (string, int)[] ReadTriggers()
    {
        var assembly = PromptGenGenerator.LoadedAssembly;
        var field = assembly.GetType("PromptGen.Generator.Clients.PrimaryDeclaration", throwOnError: true)!
            .GetField("Triggers", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var list = new List<(string, int)>();
        foreach (var item in (IEnumerable)field.GetValue(null)!)
        {
            var tuple = (System.Runtime.CompilerServices.ITuple)item;
            list.Add(((string)tuple[0]!, Convert.ToInt32(tuple[1], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return list.ToArray();
    }

    /// <summary>Reads the symbols one interface's output depends on; the result is a count, equal between runs.</summary>
    private sealed class Reader(CancellationToken cancellationToken)
    {
        private readonly HashSet<ITypeSymbol> _contracts = new(SymbolEqualityComparer.Default);
        private int _read;

        public int Interface(INamedTypeSymbol type)
        {
            var templates = Attributes(type); // the interface's [SystemPrompt] is every method's template too
            Note(type.Name);
            Note(type.ContainingNamespace?.Name);
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                Note(outer.Name);
            }

            foreach (var member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false } method)
                {
                    Method(method, templates);
                }
            }

            return _read;
        }

        private void Method(IMethodSymbol method, string interfaceTemplates)
        {
            Note(method.Name);
            var templates = interfaceTemplates + Attributes(method);
            TypeArguments(method.ReturnType);
            if (ReplyType(method.ReturnType) is { } reply)
            {
                Contract(reply);
            }

            foreach (var parameter in method.Parameters)
            {
                Note(parameter.Name);
                _read += (int)parameter.RefKind + DefaultValue(parameter);
                templates += Attributes(parameter);
                TypeArguments(parameter.Type);
                if (parameter.Type.SpecialType != SpecialType.System_String && Element(parameter.Type) is { } element)
                {
                    Note(element.Name); // a for loop's variable
                }
            }

            if (templates.Length > 0)
            {
                foreach (Match dotted in Dotted.Matches(templates))
                {
                    var parameter = method.Parameters.FirstOrDefault(p => p.Name == dotted.Groups[1].Value);
                    foreach (var member in parameter?.Type.GetMembers(dotted.Groups[2].Value) ?? [])
                    {
                        Note(member is IPropertySymbol property ? property.Type.Name : member.Name);
                    }
                }
            }
        }

        /// <summary>
        /// A parameter's default value, read the cheapest way that gives the right value: a <c>= default</c> of a type
        /// without constants (a reference type, <c>Nullable&lt;T&gt;</c>, a struct that is not primitive) from its
        /// syntax, since asking the symbol binds the expression with nullable analysis; any other default from the symbol.
        /// </summary>
        private int DefaultValue(IParameterSymbol parameter)
        {
            var type = parameter.Type;
            if ((type.IsReferenceType || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } || (type.TypeKind == TypeKind.Struct && type.SpecialType == SpecialType.None))
                && parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is ParameterSyntax { Default.Value: { } value }
                && value.IsKind(SyntaxKind.DefaultLiteralExpression))
            {
                return 0; // null, as ExplicitDefaultValue would say
            }

            return parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is not null ? 1 : 0;
        }

        /// <summary>Reads every attribute and its arguments; returns the string arguments (templates) joined, for the template scope.</summary>
        private string Attributes(ISymbol symbol)
        {
            var strings = "";
            foreach (var attribute in symbol.GetAttributes())
            {
                Note(attribute.AttributeClass?.Name);
                foreach (var argument in attribute.ConstructorArguments)
                {
                    strings += Constant(argument);
                }

                foreach (var named in attribute.NamedArguments)
                {
                    Note(named.Key);
                    strings += Constant(named.Value);
                }
            }

            return strings;
        }

        private string Constant(TypedConstant constant)
        {
            _read++;
            if (constant.Kind == TypedConstantKind.Array)
            {
                return string.Concat(constant.Values.Select(Constant));
            }

            return constant.Value is string text ? text : "";
        }

        /// <summary>The JSON value of a method's reply: T of the awaitable or stream it returns, when T is not a string.</summary>
        private static ITypeSymbol? ReplyType(ITypeSymbol returnType)
        {
            var value = returnType is INamedTypeSymbol { IsGenericType: true } named ? named.TypeArguments[^1] : null;
            return value is null || value.SpecialType == SpecialType.System_String ? null : value;
        }

        private void TypeArguments(ITypeSymbol type)
        {
            Note(type.Name);
            if (type is INamedTypeSymbol { IsGenericType: true } named)
            {
                foreach (var argument in named.TypeArguments)
                {
                    TypeArguments(argument);
                }
            }
            else if (type is IArrayTypeSymbol array)
            {
                TypeArguments(array.ElementType);
            }
        }

        /// <summary>What System.Text.Json's contract of <paramref name="type"/> needs, once per type.</summary>
        private void Contract(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            if (type.SpecialType != SpecialType.None || !_contracts.Add(type))
            {
                return; // a primitive, or read already
            }

            Attributes(type);
            Doc(type);
            if (type.TypeKind == TypeKind.Enum)
            {
                foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
                {
                    Note(field.Name);
                    Attributes(field);
                }

                return;
            }

            if (Element(type) is { } element)
            {
                Contract(element);
                return;
            }

            if (type is not INamedTypeSymbol named)
            {
                return;
            }

            foreach (var constructor in named.InstanceConstructors)
            {
                _read += constructor.Parameters.Length + (int)constructor.DeclaredAccessibility;
                foreach (var parameter in constructor.Parameters)
                {
                    Note(parameter.Type.Name);
                }
            }

            for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    var memberType = member switch
                    {
                        IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property when property.Name != "EqualityContract" => property.Type,
                        IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false, DeclaredAccessibility: Accessibility.Public } field => field.Type,
                        _ => null,
                    };
                    if (memberType is null)
                    {
                        continue;
                    }

                    Note(member.Name);
                    _read += (int)memberType.NullableAnnotation;
                    Attributes(member);
                    Doc(member);
                    Contract(memberType);
                }
            }
        }

        /// <summary>The element type of an array or an <c>IEnumerable&lt;T&gt;</c> (through the interfaces the type implements).</summary>
        private static ITypeSymbol? Element(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } self)
            {
                return self.TypeArguments[0];
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    return implemented.TypeArguments[0];
                }
            }

            return null;
        }

        private void Note(string? text) => _read += text?.Length ?? 0;

        /// <summary>
        /// A doc comment (descriptions in the schema): the /// trivia before a source declaration, read only when there is
        /// one; a metadata symbol's from its XML documentation.
        /// </summary>
        private void Doc(ISymbol symbol)
        {
            if (symbol.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference)
            {
                Note(symbol.GetDocumentationCommentXml(cancellationToken: cancellationToken));
                return;
            }

            var node = reference.GetSyntax(cancellationToken);
            if (node.Parent?.Parent is FieldDeclarationSyntax field)
            {
                node = field;
            }

            foreach (var trivia in node.GetLeadingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
                {
                    Note(trivia.ToFullString());
                }
            }
        }
    }
}

/// <summary>A driver running only <see cref="SymbolFloorGenerator"/>, with PromptGen's parse and driver options.</summary>
public static class SymbolFloor
{
    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new SymbolFloorGenerator().AsSourceGenerator()],
            parseOptions: GeneratedProject.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>
    /// What the floor read on <paramref name="compilation"/>: how many interfaces its transforms read (each once) and the
    /// sum of their counts; a check that the floor is not empty (and reads each interface once), printed with the table.
    /// </summary>
    public static (int Interfaces, long Read) Check(Compilation compilation)
    {
        var result = CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results[0];
        var values = result.TrackedSteps[SymbolFloorGenerator.TrackingName]
            .SelectMany(step => step.Outputs).Select(output => (int)output.Value).Where(read => read >= 0).ToList();
        return (values.Count, values.Sum(read => (long)read));
    }
}
