using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

internal static partial class Parser
{
    /// <summary>
    /// Classifies <paramref name="type"/>: its spec, with the faults of the interface (<see cref="InterfaceSpec.Faults"/>)
    /// and of each method (<see cref="MethodSpec.Faults"/>) as values. Nothing is reported here: the generator emits from
    /// the spec, and the analyzer reports its faults (<see cref="PromptAnalyzer"/>).
    /// </summary>
    public static InterfaceSpec Parse(INamedTypeSymbol type, KnownTypes known, CancellationToken cancellationToken) =>
        Parse(type, known, cancellationToken, out _);

    /// <summary>
    /// <see cref="Parse(INamedTypeSymbol, KnownTypes, CancellationToken)"/>, and the method symbol of each of the spec's
    /// methods (<paramref name="methodSymbols"/>, same order), so the analyzer can locate each method's faults.
    /// </summary>
    public static InterfaceSpec Parse(INamedTypeSymbol type, KnownTypes known, CancellationToken cancellationToken, out IReadOnlyList<IMethodSymbol> methodSymbols)
    {
        var fullName = type.ToDisplayString(SymbolText.TypeFormat);
        try
        {
            return ParseCore(type, fullName, known, cancellationToken, out methodSymbols);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator never throws: the failure is reported by the output step (PG0099).
            methodSymbols = Array.Empty<IMethodSymbol>();
            return new InterfaceSpec(HintNames.For(type), null, EquatableArray<ContainingTypeSpec>.Empty, type.Name, fullName,
                EquatableArray<MethodSpec>.Empty, exception.GetType().Name + ": " + exception.Message, false, EquatableArray<MemberStubSpec>.Empty, EquatableArray<string>.Empty);
        }
    }

    private static InterfaceSpec ParseCore(INamedTypeSymbol type, string fullName, KnownTypes known, CancellationToken cancellationToken, out IReadOnlyList<IMethodSymbol> methodSymbols)
    {
        // The interface's classification: faults with a summary mean no Client is written; one fault, one diagnostic.
        var faults = new MethodFaults();
        InterfaceShape(type, faults, cancellationToken); // PG0001, PG0009, PG0029, file-local, variant: no Client

        var contracts = new JsonContracts(TypedReplies.ContractOptions(type)) { Known = known }; // each JSON type read once per interface
        var typeNames = known.Names; // each type named once per compilation
        var interfaceLevel = AttributeSet.Read(type);
        var methods = new List<MethodSpec>();
        var symbols = new List<IMethodSymbol>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false } method)
            {
                methods.Add(ParseMethod(method, interfaceLevel, known, contracts, typeNames, cancellationToken));
                symbols.Add(method);
            }
            else if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: false } bodied
                && bodied.GetAttributes().Any(static a => PrimaryDeclaration.IsMethodTrigger(a)))
            {
                // A method with a body (a default implementation, or a static one) is never implemented by the Client,
                // so its prompt attributes would be silently ignored; the Client is written as it is.
                faults.Add(DiagnosticDescriptors.UnsupportedMethod, bodied.Locations.FirstOrDefault(), null, bodied.Name,
                    "it has a body, so its prompt attributes would never be used; remove the body (or the attributes)");
            }
        }

        methods = DeclarationChecks.ResolveClashes(symbols, methods, known);
        methodSymbols = symbols;
        var memberStubs = DeclarationChecks.MemberStubs(type, faults, cancellationToken);
        DeclarationChecks.ClashesWithClient(type, faults, cancellationToken);

        var containing = new List<ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingTypeSpec(Keyword(outer), DeclaredName(outer)));
        }

        return new InterfaceSpec(HintNames.For(type), SymbolText.Namespace(type), containing.ToEquatableArray(), SymbolText.Escape(type.Name),
            fullName, methods.ToEquatableArray(), null, !faults.Stubs && DeclarationChecks.IsWritable(type), memberStubs,
            UserNames(type, methods), NeedsUnsafe(type), HidesInheritedClient(type, cancellationToken), ClrName: type.ToDisplayString(SymbolText.NameFormat), Faults: faults.ToArray());
    }

    /// <summary>The parameters' names, in order (an array the template scope keeps).</summary>
    private static string[] Names(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters)
    {
        var names = new string[parameters.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = parameters[i].Name;
        }

        return names;
    }

    private static bool InScope(List<KeyValuePair<string, ITypeSymbol>> scope, string name)
    {
        foreach (var entry in scope)
        {
            if (entry.Key == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A method without [UserPrompt]: its one string parameter is the message, else PG0007 names what would go unsent.
    /// Its own method, so the lambdas here allocate their closure only for such a method, not for every method parsed.
    /// </summary>
    private static void WithoutUserPrompt(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IParameterSymbol> methodParameters,
        List<KeyValuePair<string, ITypeSymbol>> scope, List<ParameterSpec> parameters, List<MessageSpec> messages, KnownTypes known, MethodFaults faults, ReturnKind kind)
    {
        var inputs = methodParameters.Where(p => InScope(scope, p.Name) && !ImageParameters.IsImage(p.Type, known) && !ToolNames.IsToolsInterface(p.Type)).ToList();
        if (inputs.Count == 1 && inputs[0].Type.SpecialType == SpecialType.System_String)
        {
            var nodes = new RenderNode[] { new RenderNode.Append(SymbolText.Escape(inputs[0].Name), IsString: true) };
            messages.Add(new MessageSpec(MessageKind.Template, "user", "", nodes.ToEquatableArray())); // bound already
        }
        else if (!parameters.Exists(p => p.Role == ParameterRole.Image) // with images: PG0071 (ImageParameters.Check)
            && kind != ReturnKind.Unsupported) // 'string Plain(int x)': the return type is the fault (PG0002 or the like); one fault, one diagnostic
        {
            // Name what would go unsent: a method of several parameters sends its one string only through a template.
            var unsent = inputs.Count == 0 ? "" : "; without a template, " + string.Join(", ", inputs.Select(p => "'" + p.Name + "'"))
                + (inputs.Count == 1 ? " is" : " are") + " not sent (only a method whose one parameter is a string sends it as the message)";
            faults.Add(DiagnosticDescriptors.NoPrompt, method.Locations.FirstOrDefault(), "it has no prompt", method.Name, unsent);
        }
    }

    private static MethodSpec ParseMethod(IMethodSymbol method, AttributeSet interfaceLevel, KnownTypes known, JsonContracts contracts, TypeNames typeNames, CancellationToken cancellationToken)
    {
        var methodLevel = AttributeSet.Read(method);
        // The method's location, only where a fault needs it: a source symbol's Location is a new object on every read.
        Location? Location() => method.Locations.FirstOrDefault();
        var returnType = typeNames.Of(method.ReturnType);
        var (kind, isValueTask, valueType) = ClassifyReturn(method.ReturnType, known);

        // The method's classification: its shape (kind, value type, reply…), or a stub with every fault found, as values
        // (Fault) the generator caches and the analyzer reports; one fault, one diagnostic.
        var faults = new MethodFaults();
        if (method.IsGenericMethod) // first: the stub says this before any other fault, as it always did
        {
            faults.Add(DiagnosticDescriptors.UnsupportedMethod, Location(), "generic methods are not supported", method.Name, "generic methods are not supported; remove the type parameters");
        }

        if (method.ContainingType.TypeParameters.Length > 0 && UsesTypeParameterOf(method, method.ContainingType))
        {
            // 'Task<T> Ask()' in 'IPrompts<T>': the fault is the generic interface (PG0029 on it), not the return type,
            // which would be supported with a real type; one fault, one diagnostic.
            (kind, valueType) = (ReturnKind.Unsupported, null);
        }
        else if (OuterTypeParameter(method) is var (outerParameter, owner))
        {
            var ownerName = owner.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            faults.Add(DiagnosticDescriptors.UsesContainingTypeParameter, Location(), $"it uses type parameter '{outerParameter.Name}' of '{ownerName}'", method.Name, outerParameter.Name, ownerName);
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
            faults.Add(DiagnosticDescriptors.StreamShapeNotSupported, SymbolText.ReturnTypeLocation(method, cancellationToken) ?? Location(),
                $"its return type '{DisplayNames.Of(method.ReturnType)}' cannot stream", method.Name, StreamShapes.Display(method.ReturnType), cannotStream);
        }
        else if (kind == ReturnKind.Unsupported)
        {
            faults.Add(DiagnosticDescriptors.UnsupportedReturnType, SymbolText.ReturnTypeLocation(method, cancellationToken) ?? Location(),
                $"its return type '{DisplayNames.Of(method.ReturnType)}' is not supported", method.Name, DisplayNames.Of(method.ReturnType), ReturnAdvice.For(method.ReturnType, known));
        }

        var methodParameters = method.Parameters; // each read of IMethodSymbol.Parameters allocates a new array
        var parameters = new List<ParameterSpec>(methodParameters.Length);
        var scope = new List<KeyValuePair<string, ITypeSymbol>>(methodParameters.Length); // the template inputs, in order (a list: a few parameters, per keystroke)
        var declarations = ParameterDeclarations(method, methodParameters.Length, cancellationToken);
        for (var index = 0; index < methodParameters.Length; index++)
        {
            var parameter = methodParameters[index];
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
                    $"parameter '{parameter.Name}' is {what} ('{DisplayNames.Of(parameter.Type)}'), which an async method cannot take; pass a string, an array or a ReadOnlyMemory<T> instead");
            }

            parameters.Add(new ParameterSpec(SymbolText.Escape(parameter.Name), ParameterText.Modifiers(parameter) + typeNames.Of(parameter.Type), role, DefaultValue(parameter, declarations?[index]), image, Nullability.Of(parameter.Type)));
            if (role is ParameterRole.Input or ParameterRole.Image or ParameterRole.Tools) // images and tools are in scope only so a template naming one gets PG0070 / PG0066
            {
                var entry = new KeyValuePair<string, ITypeSymbol>(parameter.Name, parameter.Type);
                var existing = scope.Count - 1; // a repeated name (CS0100): one entry, the last type, as a dictionary kept it
                while (existing >= 0 && scope[existing].Key != entry.Key)
                {
                    existing--;
                }

                if (existing >= 0)
                {
                    scope[existing] = entry;
                }
                else
                {
                    scope.Add(entry);
                }
            }
        }

        var settings = ReadSettings(interfaceLevel, methodLevel, kind, Budget.PromptBudgets.Read(method, parameters.Exists(static p => p.Role == ParameterRole.History), faults));
        var messages = new List<MessageSpec>(3 + 2 * methodLevel.FewShots.Count);
        var json = kind is ReturnKind.Json or ReturnKind.JsonResult or ReturnKind.JsonChoices;
        var reply = json && valueType is not null ? TypedReplies.Parse(method, ValueTypeSymbol(method.ReturnType, known)!, faults, contracts: contracts)
            : StreamShapes.IsJson(kind) && valueType is not null ? TypedReplies.Parse(method, StreamShapes.ValueTypeSymbol((INamedTypeSymbol)method.ReturnType, known), faults, items: kind == ReturnKind.StreamItems, contracts: contracts)
            : null;
        var jsonInstruction = reply is null ? null : TypedReplies.Instruction(reply);

        // Templates are only read here (their text and, as a TemplateScope, what they may read); the generator binds them
        // in a later cached step (TemplateStep), the analyzer in ReportingChecks, with the locations its diagnostics need.
        var system = methodLevel.SystemPrompt ?? interfaceLevel.SystemPrompt;
        var templates = system is null
            ? methodLevel.UserPrompt is null ? Array.Empty<string>() : new[] { methodLevel.UserPrompt.Value }
            : methodLevel.UserPrompt is null ? new[] { system.Value } : new[] { system.Value, methodLevel.UserPrompt.Value };
        var templateScope = templates.Length == 0 ? null : TemplateTypes.Read(Names(methodParameters), scope, templates, known, typeNames);
        if (system is not null)
        {
            messages.Add(new MessageSpec(MessageKind.Template, "system", system.Value, EquatableArray<RenderNode>.Empty));
        }
        else if (jsonInstruction is not null)
        {
            messages.Add(new MessageSpec(MessageKind.Fixed, "system", jsonInstruction, EquatableArray<RenderNode>.Empty));
        }

        for (var shot = 0; shot < methodLevel.FewShots.Count; shot++) // indexed: an IReadOnlyList's foreach allocates its enumerator
        {
            var (user, assistant) = methodLevel.FewShots[shot];
            // A JSON reply is sent in the shape its response_format asks for ({"items": […]}, {"value": …}): FewShotWire.
            var sent = reply is null ? assistant : FewShotWire.Sent(assistant, items: kind == ReturnKind.StreamItems, wrapped: reply.Wrapped);
            messages.Add(new MessageSpec(MessageKind.Fixed, "user", user, EquatableArray<RenderNode>.Empty));
            messages.Add(new MessageSpec(MessageKind.Fixed, "assistant", sent, EquatableArray<RenderNode>.Empty));
        }

        foreach (var parameter in parameters)
        {
            if (parameter.Role == ParameterRole.History)
            {
                messages.Add(new MessageSpec(MessageKind.History, "", parameter.Name, EquatableArray<RenderNode>.Empty));
            }
        }

        if (methodLevel.UserPrompt is not null)
        {
            messages.Add(new MessageSpec(MessageKind.Template, "user", methodLevel.UserPrompt.Value, EquatableArray<RenderNode>.Empty));
        }
        else
        {
            WithoutUserPrompt(method, methodParameters, scope, parameters, messages, known, faults, kind);
        }

        ImageParameters.Check(method, known, messages.Exists(m => m.Kind == MessageKind.Template && m.Role == "user"), faults);
        MethodChecks.Check(method, methodLevel, interfaceLevel, kind, reply, known, faults, cancellationToken, contracts);
        StreamShapes.Check(method, kind, ref reply, known, faults, cancellationToken);
        RepairChecks.Check(method, kind, settings.Choices, ref reply, faults);
        var tools = ToolUse.Parse(method, kind, faults, cancellationToken); // a template naming tools: ReportingChecks
        AccessibilityCheck.Check(method, faults, cancellationToken);
        var classified = faults.ToArray();
        var unsupported = classified.FirstOrDefault(f => f.Summary is not null)?.Summary; // the stub repeats the first fault the checks found

        var typeParameters = method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">" : "";
        return new MethodSpec(SymbolText.Escape(method.Name), typeParameters, returnType, unsupported is null ? kind : ReturnKind.Unsupported, isValueTask,
            valueType, parameters.ToEquatableArray(), messages.ToEquatableArray(), settings, unsupported, reply,
            PromptVersion: "", // computed from these values in the Bound step (TemplateStep), not on every keystroke
            ToolSets: ToolSetTexts.Refs(method, cancellationToken), // their text is filled after the transform (ToolSetTexts.Fill)
            Templates: templateScope,
            Tools: tools,
            Faults: classified,
            NullableItems: StreamShapes.IsStream(kind) ? Nullability.HasNullableReference(((INamedTypeSymbol)method.ReturnType).TypeArguments[0])
                : kind is ReturnKind.Text or ReturnKind.TextResult or ReturnKind.TextChoices && Nullability.IsNullableText(((INamedTypeSymbol)method.ReturnType).TypeArguments[0]));
    }
}
