using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Clients;

/// <summary>
/// Turns a prompt interface symbol into an <see cref="InterfaceSpec"/>. All symbol work happens here; the
/// spec holds only equatable values. Misuse goes to the <see cref="DiagnosticSink"/>; the spec still describes what
/// can be emitted, so the generated code compiles and the diagnostic is the only error the user sees.
/// </summary>
internal static class Parser
{
    public static InterfaceSpec Parse(INamedTypeSymbol type, KnownTypes known, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var fullName = type.ToDisplayString(SymbolText.TypeFormat);
        try
        {
            return ParseCore(type, known, sink, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator never throws: the failure is reported by the output step (PG0099).
            return new InterfaceSpec(HintNames.For(type), null, EquatableArray<ContainingTypeSpec>.Empty, type.Name, fullName,
                EquatableArray<MethodSpec>.Empty, exception.GetType().Name + ": " + exception.Message, false, EquatableArray<MemberStubSpec>.Empty, EquatableArray<string>.Empty);
        }
    }

    private static InterfaceSpec ParseCore(INamedTypeSymbol type, KnownTypes known, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var fileLocal = IsFileLocal(type);
        if (fileLocal)
        {
            sink.Report(DiagnosticDescriptors.FileLocalInterface, type.Locations.FirstOrDefault(), type.Name);
        }

        // CS8427: no class may be nested in an interface with 'in'/'out' type parameters, so the Client cannot be written.
        var variantOuter = VariantContainingInterface(type);
        if (variantOuter is not null)
        {
            sink.Report(DiagnosticDescriptors.InVariantInterface, type.Locations.FirstOrDefault(), type.Name, variantOuter.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        }

        var contracts = new JsonContracts(TypedReplies.ContractOptions(type)); // each JSON type read once per interface
        var typeNames = new TypeNames(); // each type named once per interface
        var interfaceLevel = AttributeSet.Read(type);
        var methods = new List<MethodSpec>();
        var methodSymbols = new List<IMethodSymbol>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false } method)
            {
                methods.Add(ParseMethod(method, interfaceLevel, known, contracts, typeNames, sink, cancellationToken));
                methodSymbols.Add(method);
            }
            else if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: false } bodied
                && bodied.GetAttributes().Any(a => a.AttributeClass is { } c && PrimaryDeclaration.MethodTriggers.Contains(c.ToDisplayString())))
            {
                // A method with a body (a default implementation, or a static one) is never implemented by the Client,
                // so its prompt attributes would be silently ignored.
                sink.Report(DiagnosticDescriptors.UnsupportedMethod, bodied.Locations.FirstOrDefault(), bodied.Name,
                    "it has a body, so its prompt attributes would never be used; remove the body (or the attributes)");
            }
        }

        methods = DeclarationChecks.ResolveClashes(methodSymbols, methods, known, sink);
        var memberStubs = DeclarationChecks.MemberStubs(type, sink, cancellationToken);
        var clashesWithClient = DeclarationChecks.ClashesWithClient(type, sink, cancellationToken);

        var containing = new List<ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingTypeSpec(Keyword(outer), DeclaredName(outer)));
        }

        return new InterfaceSpec(HintNames.For(type), SymbolText.Namespace(type), containing.ToEquatableArray(), SymbolText.Escape(type.Name),
            type.ToDisplayString(SymbolText.TypeFormat), methods.ToEquatableArray(), null, !fileLocal && variantOuter is null && CanExtend(type, cancellationToken) && !clashesWithClient && DeclarationChecks.IsWritable(type), memberStubs,
            UserNames(type, methods), NeedsUnsafe(type), HidesInheritedClient(type));
    }

    /// <summary>
    /// Whether a base interface has a nested <c>Client</c>: from metadata, or one this generator writes for a prompt
    /// interface in source (generated types are not in the symbols the generator sees). The derived interface's
    /// <c>Client</c> then hides it, and says so with <c>new</c>, so the build has no CS0108 warning inside generated code.
    /// </summary>
    private static bool HidesInheritedClient(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => PrimaryDeclaration.IsPromptInterface(i.OriginalDefinition) || i.GetTypeMembers("Client").Length > 0);

    /// <summary>Whether a signature the Client repeats has a pointer type: the class is then declared <c>unsafe</c>.</summary>
    private static bool NeedsUnsafe(INamedTypeSymbol type) =>
        type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers())).Any(member => member switch
        {
            IMethodSymbol method => ParameterText.IsUnsafe(method.ReturnType) || method.Parameters.Any(p => ParameterText.IsUnsafe(p.Type)),
            IPropertySymbol property => ParameterText.IsUnsafe(property.Type) || property.Parameters.Any(p => ParameterText.IsUnsafe(p.Type)),
            IEventSymbol @event => ParameterText.IsUnsafe(@event.Type),
            _ => false,
        });

    /// <summary>Every name the user wrote that generated code meets; generated fields and locals avoid them (NameScope).</summary>
    private static EquatableArray<string> UserNames(INamedTypeSymbol type, List<MethodSpec> methods)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null; current = current.ContainingType)
        {
            names.Add(current.Name);
            names.UnionWith(current.TypeParameters.Select(t => t.Name));
        }

        foreach (var member in type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers())))
        {
            names.Add(member.Name);
            if (member is IMethodSymbol method)
            {
                names.UnionWith(method.TypeParameters.Select(t => t.Name));
                names.UnionWith(method.Parameters.Select(p => p.Name));
            }
        }

        return names.ToEquatableArray();
    }

    /// <summary>A parameter's default value as C#, or null when it has none.</summary>
    internal static string? DefaultValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
        if (value is null)
        {
            // `string s = null!` is repeated as `default!`: a bare `default` for a non-nullable reference type is CS8625
            // in the generated (#nullable enable) code.
            return parameter.Type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.NotAnnotated ? "default!" : "default";
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return "(" + type.ToDisplayString(SymbolText.TypeFormat) + ")(" + Constant(value) + ")";
        }

        return Constant(value);
    }

    private static string Constant(object value) => value switch
    {
        string text => SymbolText.Literal(text),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
            : d.ToString("R", CultureInfo.InvariantCulture) + "D",
        float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : f.ToString("R", CultureInfo.InvariantCulture) + "F",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        int or short or ushort or byte or sbyte => ((System.IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        _ => "default", // e.g. [DateTimeConstant]: a value C# cannot spell as a default; 'default' keeps the call compiling
    };

    private static INamedTypeSymbol? VariantContainingInterface(INamedTypeSymbol type)
    {
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.TypeKind == TypeKind.Interface && outer.TypeParameters.Any(t => t.Variance != VarianceKind.None))
            {
                return outer;
            }
        }

        return null;
    }

    /// <summary>
    /// A <c>file</c> interface (or one nested in a <c>file</c> type) is visible only in its own file: a generated file
    /// can neither extend it nor name it (PG0031). Nothing is generated for it.
    /// </summary>
    private static bool IsFileLocal(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first type parameter of a containing type that <paramref name="method"/>'s signature uses, with that type,
    /// or null. A Client nested in <c>Holder&lt;T&gt;</c> compiles, but PromptGen cannot describe a reply or prompt of
    /// an unknown <c>T</c> at build time (PG0032).
    /// </summary>
    private static (ITypeParameterSymbol Parameter, INamedTypeSymbol Owner)? OuterTypeParameter(IMethodSymbol method)
    {
        if (method.ContainingType.ContainingType is null)
        {
            return null;
        }

        foreach (var type in method.Parameters.Select(p => p.Type).Prepend(method.ReturnType))
        {
            if (FindTypeParameter(type) is { ContainingSymbol: INamedTypeSymbol owner } parameter)
            {
                return (parameter, owner);
            }
        }

        return null;

        static ITypeParameterSymbol? FindTypeParameter(ITypeSymbol type) => type switch
        {
            ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } parameter => parameter,
            IArrayTypeSymbol array => FindTypeParameter(array.ElementType),
            IPointerTypeSymbol pointer => FindTypeParameter(pointer.PointedAtType),
            INamedTypeSymbol named => named.TypeArguments.Select(FindTypeParameter).FirstOrDefault(found => found is not null)
                ?? (named.ContainingType is { } outer ? FindTypeParameter(outer) : null),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="type"/> is or contains a type parameter of a method.</summary>
    private static bool UsesMethodTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } => true,
        IArrayTypeSymbol array => UsesMethodTypeParameter(array.ElementType),
        IPointerTypeSymbol pointer => UsesMethodTypeParameter(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(UsesMethodTypeParameter),
        _ => false,
    };

    /// <summary>A containing type's name as its partial declaration repeats it: type parameters with their variance.</summary>
    private static string DeclaredName(INamedTypeSymbol type)
    {
        var name = SymbolText.Escape(type.Name);
        if (type.TypeParameters.Length == 0)
        {
            return name;
        }

        return name + "<" + string.Join(", ", type.TypeParameters.Select(t => (t.Variance switch
        {
            VarianceKind.Out => "out ",
            VarianceKind.In => "in ",
            _ => "",
        }) + SymbolText.Escape(t.Name))) + ">";
    }

    /// <summary>Whether the interface and every type around it are partial, so generated code can add to them.</summary>
    private static bool CanExtend(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }

        return true;
    }

    internal static void ReportDeclarationShape(INamedTypeSymbol type, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is InterfaceDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                sink.Report(DiagnosticDescriptors.InterfaceNotPartial, declaration.Identifier.GetLocation(), type.Name);
                break;
            }
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            foreach (var reference in outer.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    sink.Report(DiagnosticDescriptors.ContainingTypeNotPartial, declaration.Identifier.GetLocation(), type.Name, outer.Name);
                    break;
                }
            }
        }
    }

    private static MethodSpec ParseMethod(IMethodSymbol method, AttributeSet interfaceLevel, KnownTypes known, JsonContracts contracts, TypeNames typeNames, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var methodLevel = AttributeSet.Read(method);
        var location = method.Locations.FirstOrDefault();
        var returnType = typeNames.Of(method.ReturnType);
        var (kind, isValueTask, valueType) = ClassifyReturn(method.ReturnType, known);

        // The method's classification: its shape (kind, value type, reply…), or a stub with every fault found, as values
        // (Fault) the generator caches and the analyzer reports; one fault, one diagnostic.
        var faults = new MethodFaults();
        string? unsupported = null; // a reason from a check that does not record faults yet (tools, accessibility)
        if (method.IsGenericMethod) // first: the stub says this before any other fault, as it always did
        {
            faults.Add(DiagnosticDescriptors.UnsupportedMethod, location, "generic methods are not supported", method.Name, "generic methods are not supported; remove the type parameters");
        }

        if (OuterTypeParameter(method) is var (outerParameter, owner))
        {
            var ownerName = owner.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            faults.Add(DiagnosticDescriptors.UsesContainingTypeParameter, location, $"it uses type parameter '{outerParameter.Name}' of '{ownerName}'", method.Name, outerParameter.Name, ownerName);
            (kind, valueType) = (ReturnKind.Unsupported, null);
        }
        else if (method.IsGenericMethod && UsesMethodTypeParameter(method.ReturnType))
        {
            // 'Task<T> A<T>()': the fault is the type parameter (PG0010 above), not the return type, which would be
            // supported with a real type; one diagnostic for one fault.
            (kind, valueType) = (ReturnKind.Unsupported, null);
        }
        else if (StreamShapes.WhyNot(method.ReturnType, known) is { } cannotStream) // a stream wrapped, awaited or nested, whatever kind the wrapper would be
        {
            (kind, valueType) = (ReturnKind.Unsupported, null);
            faults.Add(DiagnosticDescriptors.StreamShapeNotSupported, SymbolText.ReturnTypeLocation(method, cancellationToken) ?? location,
                $"its return type '{method.ReturnType.ToDisplayString()}' cannot stream", method.Name, StreamShapes.Display(method.ReturnType), cannotStream);
        }
        else if (kind == ReturnKind.Unsupported)
        {
            faults.Add(DiagnosticDescriptors.UnsupportedReturnType, SymbolText.ReturnTypeLocation(method, cancellationToken) ?? location,
                $"its return type '{method.ReturnType.ToDisplayString()}' is not supported", method.Name, method.ReturnType.ToDisplayString());
        }

        var parameters = new List<ParameterSpec>();
        var scope = new Dictionary<string, ITypeSymbol>(StringComparer.Ordinal);
        foreach (var parameter in method.Parameters)
        {
            var role = ParameterRole.Input;
            ImageParameterSpec? image = null;
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken))
            {
                role = ParameterRole.CancellationToken;
            }
            else if (IsHistory(parameter.Type, known))
            {
                role = ParameterRole.History;
            }
            else if (ImageParameters.Shape(parameter.Type, known) is { } isList)
            {
                role = ParameterRole.Image;
                image = ImageParameters.Describe(parameter, isList);
            }
            else if (ToolNames.IsToolsInterface(parameter.Type))
            {
                role = ParameterRole.Tools; // in scope only so that a template using it gets PG0066
            }

            if (parameter.RefKind != RefKind.None)
            {
                var modifier = parameter.RefKind.ToString().ToLowerInvariant();
                faults.Add(DiagnosticDescriptors.UnsupportedMethod, parameter.Locations.FirstOrDefault(), $"parameter '{parameter.Name}' is passed by '{modifier}'", method.Name,
                    $"parameter '{parameter.Name}' is passed by '{modifier}'; pass it by value");
            }

            if (parameter.RefKind == RefKind.None && ParameterText.WhyNotAsync(parameter.Type) is { } what)
            {
                faults.Add(DiagnosticDescriptors.UnsupportedMethod, parameter.Locations.FirstOrDefault(), $"parameter '{parameter.Name}' is {what}", method.Name,
                    $"parameter '{parameter.Name}' is {what} ('{parameter.Type.ToDisplayString()}'), which an async method cannot take; pass a string, an array or a ReadOnlyMemory<T> instead");
            }

            parameters.Add(new ParameterSpec(SymbolText.Escape(parameter.Name), ParameterText.Modifiers(parameter) + typeNames.Of(parameter.Type), role, DefaultValue(parameter), image));
            if (role is ParameterRole.Input or ParameterRole.Image or ParameterRole.Tools) // images and tools are in scope only so a template naming one gets PG0070 / PG0066
            {
                scope[parameter.Name] = parameter.Type;
            }
        }

        var settings = ReadSettings(interfaceLevel, methodLevel, kind);
        settings = settings with { PromptBudget = Budget.PromptBudgets.Read(method, parameters.Any(p => p.Role == ParameterRole.History), faults) };
        var messages = new List<MessageSpec>();
        var json = kind is ReturnKind.Json or ReturnKind.JsonResult or ReturnKind.JsonChoices;
        var reply = json && valueType is not null ? TypedReplies.Parse(method, ValueTypeSymbol(method.ReturnType, known)!, faults, contracts: contracts)
            : StreamShapes.IsJson(kind) && valueType is not null ? TypedReplies.Parse(method, StreamShapes.ValueTypeSymbol((INamedTypeSymbol)method.ReturnType, known), faults, items: kind == ReturnKind.StreamItems, contracts: contracts)
            : null;
        var jsonInstruction = reply is null ? null : TypedReplies.Instruction(reply);

        // Templates are only read here (their text and, as a TemplateScope, what they may read); the generator binds them
        // in a later cached step (TemplateStep), the analyzer in ReportingChecks, with the locations its diagnostics need.
        var system = methodLevel.SystemPrompt ?? interfaceLevel.SystemPrompt;
        var templates = new[] { system?.Value, methodLevel.UserPrompt?.Value }.Where(t => t is not null).Select(t => t!).ToArray();
        var templateScope = templates.Length == 0 ? null : TemplateTypes.Read(method.Parameters.Select(p => p.Name), scope, templates, known);
        if (system is not null)
        {
            messages.Add(new MessageSpec(MessageKind.Template, "system", system.Value, EquatableArray<RenderNode>.Empty));
        }
        else if (jsonInstruction is not null)
        {
            messages.Add(new MessageSpec(MessageKind.Fixed, "system", jsonInstruction, EquatableArray<RenderNode>.Empty));
        }

        foreach (var (user, assistant) in methodLevel.FewShots)
        {
            messages.Add(new MessageSpec(MessageKind.Fixed, "user", user, EquatableArray<RenderNode>.Empty));
            messages.Add(new MessageSpec(MessageKind.Fixed, "assistant", assistant, EquatableArray<RenderNode>.Empty));
        }

        foreach (var parameter in parameters.Where(p => p.Role == ParameterRole.History))
        {
            messages.Add(new MessageSpec(MessageKind.History, "", parameter.Name, EquatableArray<RenderNode>.Empty));
        }

        if (methodLevel.UserPrompt is not null)
        {
            messages.Add(new MessageSpec(MessageKind.Template, "user", methodLevel.UserPrompt.Value, EquatableArray<RenderNode>.Empty));
        }
        else
        {
            var inputs = method.Parameters.Where(p => scope.ContainsKey(p.Name) && !ImageParameters.IsImage(p.Type, known) && !ToolNames.IsToolsInterface(p.Type)).ToList();
            if (inputs.Count == 1 && inputs[0].Type.SpecialType == SpecialType.System_String)
            {
                var nodes = new RenderNode[] { new RenderNode.Append(SymbolText.Escape(inputs[0].Name), IsString: true) };
                messages.Add(new MessageSpec(MessageKind.Template, "user", "", nodes.ToEquatableArray())); // bound already
            }
            else if (!parameters.Exists(p => p.Role == ParameterRole.Image)) // with images: PG0071 (ImageParameters.Check)
            {
                // Name what would go unsent: a method of several parameters sends its one string only through a template.
                var unsent = inputs.Count == 0 ? "" : "; without a template, " + string.Join(", ", inputs.Select(p => "'" + p.Name + "'"))
                    + (inputs.Count == 1 ? " is" : " are") + " not sent (only a method whose one parameter is a string sends it as the message)";
                faults.Add(DiagnosticDescriptors.NoPrompt, location, "it has no prompt", method.Name, unsent);
            }
        }

        ImageParameters.Check(method, known, messages.Exists(m => m.Kind == MessageKind.Template && m.Role == "user"), faults);
        MethodChecks.Check(method, methodLevel, interfaceLevel, kind, known, faults, sink, cancellationToken, contracts);
        StreamShapes.Check(method, kind, ref reply, known, faults, cancellationToken);
        var tools = ToolUse.Parse(method, kind, null, sink, cancellationToken, out var toolsProblem); // a template naming tools: ReportingChecks
        unsupported ??= toolsProblem;
        var accessibilityProblem = AccessibilityCheck.Check(method, sink, cancellationToken); // always: it reports too
        unsupported ??= accessibilityProblem;
        var classified = faults.ToArray();
        unsupported = classified.FirstOrDefault(f => f.Summary is not null)?.Summary ?? unsupported; // the first fault the checks found, as before

        var typeParameters = method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">" : "";
        return new MethodSpec(SymbolText.Escape(method.Name), typeParameters, returnType, unsupported is null ? kind : ReturnKind.Unsupported, isValueTask,
            valueType, parameters.ToEquatableArray(), messages.ToEquatableArray(), settings, unsupported, reply,
            PromptVersion: "", // computed from these values in the Bound step (TemplateStep), not on every keystroke
            ToolDefinitions: PromptVersion.ToolDefinitions(method, cancellationToken),
            Templates: templateScope,
            Tools: tools,
            Faults: classified);
    }

    private static SettingsSpec ReadSettings(AttributeSet interfaceLevel, AttributeSet methodLevel, ReturnKind kind)
    {
        return new SettingsSpec(
            (methodLevel.Model ?? interfaceLevel.Model)?.Value,
            (methodLevel.Temperature ?? interfaceLevel.Temperature)?.Value,
            (methodLevel.TopP ?? interfaceLevel.TopP)?.Value,
            (methodLevel.MaxTokens ?? interfaceLevel.MaxTokens)?.Value,
            (methodLevel.Stop ?? interfaceLevel.Stop)?.Value.ToEquatableArray() ?? EquatableArray<string>.Empty,
            (methodLevel.FrequencyPenalty ?? interfaceLevel.FrequencyPenalty)?.Value,
            (methodLevel.PresencePenalty ?? interfaceLevel.PresencePenalty)?.Value,
            (methodLevel.Seed ?? interfaceLevel.Seed)?.Value,
            (methodLevel.Choices ?? InterfaceChoices(interfaceLevel, kind))?.Value);
    }

    /// <summary>
    /// The interface's <c>[Choices]</c> as a default for one method: a stream carries one reply, so streams ignore it,
    /// as they ignore the interface's <c>[Repair]</c> (one attribute, many methods: no error per method at one place);
    /// a method's own <c>[Choices]</c> on a stream is PG0017.
    /// </summary>
    internal static AttributeValue<int>? InterfaceChoices(AttributeSet interfaceLevel, ReturnKind kind) =>
        StreamShapes.IsStream(kind) ? null : interfaceLevel.Choices;

    /// <summary>PG0005 for the settings written on one level (the analyzer's <see cref="ReportingChecks"/> calls it).</summary>
    internal static void CheckRanges(AttributeSet attributes, DiagnosticSink sink)
    {
        CheckRange(attributes.Temperature, "Temperature", 0, 2, sink);
        CheckRange(attributes.TopP, "TopP", 0, 1, sink);
        CheckRange(attributes.FrequencyPenalty, "FrequencyPenalty", -2, 2, sink);
        CheckRange(attributes.PresencePenalty, "PresencePenalty", -2, 2, sink);
    }

    private static void CheckRange(AttributeValue<double>? setting, string name, double min, double max, DiagnosticSink sink)
    {
        if (setting is { } value && (double.IsNaN(value.Value) || value.Value < min || value.Value > max))
        {
            sink.Report(DiagnosticDescriptors.SettingOutOfRange, value.ArgumentLocation(), name,
                value.Value.ToString("R", CultureInfo.InvariantCulture),
                min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static (ReturnKind Kind, bool IsValueTask, string? ValueType) ClassifyReturn(ITypeSymbol returnType, KnownTypes known)
    {
        if (returnType is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            return (ReturnKind.Unsupported, false, null);
        }

        var definition = named.OriginalDefinition;
        var argument = named.TypeArguments[0];
        if (StreamShapes.Classify(named, known) is { } stream)
        {
            return (stream.Kind, false, stream.ValueType);
        }

        var isTask = SymbolEqualityComparer.Default.Equals(definition, known.Task);
        var isValueTask = SymbolEqualityComparer.Default.Equals(definition, known.ValueTask);
        if (!isTask && !isValueTask)
        {
            return (ReturnKind.Unsupported, false, null);
        }

        if (argument.SpecialType == SpecialType.System_String)
        {
            return (ReturnKind.Text, isValueTask, null);
        }

        if (argument is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } awaitedStream && StreamShapes.Classify(awaitedStream, known) is not null)
        {
            return (ReturnKind.Unsupported, false, null); // a stream is returned, not awaited (PG0082)
        }

        if (argument is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } inner)
        {
            var innerArgument = inner.TypeArguments[0];
            var innerIsText = innerArgument.SpecialType == SpecialType.System_String;
            if (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ChatResult))
            {
                return innerIsText ? (ReturnKind.TextResult, isValueTask, null) : (ReturnKind.JsonResult, isValueTask, innerArgument.ToDisplayString(SymbolText.TypeFormat));
            }

            if (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ReadOnlyList))
            {
                return innerIsText ? (ReturnKind.TextChoices, isValueTask, null) : (ReturnKind.JsonChoices, isValueTask, innerArgument.ToDisplayString(SymbolText.TypeFormat));
            }
        }

        if (argument.TypeKind is TypeKind.Error or TypeKind.TypeParameter || argument.SpecialType == SpecialType.System_Object || argument.TypeKind == TypeKind.Dynamic)
        {
            return (ReturnKind.Unsupported, false, null);
        }

        return (ReturnKind.Json, isValueTask, argument.ToDisplayString(SymbolText.TypeFormat));
    }

    /// <summary>The T a JSON method deserialises: of Task&lt;T&gt;, Task&lt;ChatResult&lt;T&gt;&gt; or Task&lt;IReadOnlyList&lt;T&gt;&gt;.</summary>
    private static ITypeSymbol? ValueTypeSymbol(ITypeSymbol returnType, KnownTypes known)
    {
        var argument = ((INamedTypeSymbol)returnType).TypeArguments[0];
        if (argument is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } inner
            && (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ChatResult)
                || SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ReadOnlyList)))
        {
            return inner.TypeArguments[0];
        }

        return argument;
    }

    internal static bool IsHistory(ITypeSymbol type, KnownTypes known)
    {
        if (known.ChatMessage is null || type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        if (type is IArrayTypeSymbol array)
        {
            return SymbolEqualityComparer.Default.Equals(array.ElementType, known.ChatMessage);
        }

        return AllInterfacesAndSelf(type).Any(i =>
            i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
            && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], known.ChatMessage));
    }

    internal static IEnumerable<INamedTypeSymbol> AllInterfacesAndSelf(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol named)
        {
            yield return named;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            yield return implemented;
        }
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "partial record struct",
        { IsRecord: true } => "partial record",
        { TypeKind: TypeKind.Struct, IsRefLikeType: true } => "ref partial struct", // 'ref' precedes 'partial'
        { TypeKind: TypeKind.Struct } => "partial struct",
        { TypeKind: TypeKind.Interface } => "partial interface",
        _ => "partial class",
    };
}
