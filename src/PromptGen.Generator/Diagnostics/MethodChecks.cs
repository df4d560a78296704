using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PromptGen.Generator.Templates;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// The checks of one prompt method beyond what <see cref="Parser"/> needs to build its spec: parameters, choices,
/// JSON return types, prompts and few-shot examples. What keeps the method from being implemented is recorded in its
/// classification (<see cref="MethodFaults"/>): the generator stubs the method, the analyzer reports those faults, so both
/// read the same list.
/// </summary>
internal static class MethodChecks
{
    /// <param name="reply">The JSON reply's spec (null for text): its schema's shape is the shape few-shot replies are read in.</param>
    public static void Check(IMethodSymbol method, AttributeSet methodLevel, AttributeSet interfaceLevel, ReturnKind kind, JsonReplySpec? reply, KnownTypes known,
        MethodFaults faults, CancellationToken cancellationToken, JsonContracts? contracts = null)
    {
        contracts ??= new JsonContracts(TypedReplies.ContractOptions(method.ContainingType));
        CheckParameters(method, known, faults);
        var valueType = ValueType(method.ReturnType, kind, known);
        CheckChoices(method, interfaceLevel, methodLevel, kind, valueType, contracts, faults, cancellationToken);
        if (IsJson(kind) && valueType is not null && JsonContract.WhyNotCreatable(valueType, contracts) is { } why)
        {
            faults.Add(DiagnosticDescriptors.NotDeserializable, SymbolText.ReturnTypeLocation(method, cancellationToken),
                $"its JSON type '{DisplayNames.Of(valueType)}' cannot be deserialised", method.Name, DisplayNames.Of(valueType), why);
        }

        PromptChecks.Check(method, faults, cancellationToken);
        // Read as the reply schema's shape says ({"items": […]} or one item, {"value": …} or the bare value): FewShotWire.
        CheckFewShots(method, IsJson(kind) || kind == ReturnKind.StreamPartials ? valueType : null, kind == ReturnKind.StreamItems, reply?.Wrapped == true, contracts, faults);
    }

    /// <summary>
    /// PG0018: a parameter no prompt reads. Only the analyzer calls this (<see cref="ReportingChecks"/>), with the names
    /// its binding of the templates found (null when a template does not parse).
    /// </summary>
    public static void ReportUnusedParameters(IMethodSymbol m, AttributeSet level, KnownTypes types, IReadOnlyCollection<string>? templateNames, DiagnosticSink sink)
    {
        var inputs = m.Parameters.Where(p => !IsCancellationToken(p, types) && !IsHistory(p, types) && !ImageParameters.IsImage(p.Type, types) && !ToolNames.IsToolsInterface(p.Type) && Tools.ToolCollectionCheck.ToolsElement(p.Type) is null).ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        if (level.UserPrompt is null)
        {
            if (inputs.Count != 1 || inputs[0].Type.SpecialType != SpecialType.System_String)
            {
                return; // PG0006: no prompt at all.
            }

            used.Add(inputs[0].Name);
        }
        else if (string.IsNullOrWhiteSpace(level.UserPrompt.Value))
        {
            return;
        }

        if (templateNames is null)
        {
            return; // a template does not parse (PG0004): which names it reads is unknown.
        }

        used.UnionWith(templateNames); // the binder's names: each template is parsed and bound once

        if (used.Any(name => !inputs.Exists(p => p.Name == name)))
        {
            return; // PG0003 reports an unknown name, most likely the misspelt parameter: one error, not an error and a warning.
        }

        foreach (var parameter in inputs.Where(p => !used.Contains(p.Name)))
        {
            sink.Report(DiagnosticDescriptors.UnusedParameter, parameter.Locations.FirstOrDefault(), parameter.Name, m.Name);
        }
    }

    private static bool IsJson(ReturnKind kind) => kind is ReturnKind.Json or ReturnKind.JsonResult or ReturnKind.JsonChoices || StreamShapes.IsJson(kind);

    private static bool IsCancellationToken(IParameterSymbol parameter, KnownTypes known) =>
        SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken);

    private static bool IsHistory(IParameterSymbol parameter, KnownTypes known) => Parser.IsHistory(parameter.Type, known);

    /// <summary>
    /// PG0028: a method without a CancellationToken parameter. Report-only (<see cref="ReportingChecks"/>):
    /// the method is implemented all the same.
    /// </summary>
    public static void ReportNoCancellationToken(IMethodSymbol method, KnownTypes known, DiagnosticSink sink)
    {
        if (known.CancellationToken is not null && !method.Parameters.Any(p => IsCancellationToken(p, known)))
        {
            sink.Report(DiagnosticDescriptors.NoCancellationToken, method.Locations.FirstOrDefault(), method.Name);
        }
    }

    private static void CheckParameters(IMethodSymbol method, KnownTypes known, MethodFaults faults)
    {
        IParameterSymbol? firstToken = null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.IsParams)
            {
                faults.Add(DiagnosticDescriptors.UnsupportedMethod, parameter.Locations.FirstOrDefault(), $"parameter '{parameter.Name}' is 'params'", method.Name,
                    $"parameter '{parameter.Name}' is 'params'; remove 'params' and pass the array");
            }

            if (IsCancellationToken(parameter, known))
            {
                if (firstToken is null)
                {
                    firstToken = parameter;
                }
                else
                {
                    faults.Add(DiagnosticDescriptors.MultipleCancellationTokens, parameter.Locations.FirstOrDefault(), "it has more than one CancellationToken parameter",
                        method.Name, firstToken.Name, parameter.Name);
                }
            }
        }
    }

    private static void CheckChoices(IMethodSymbol method, AttributeSet interfaceLevel, AttributeSet methodLevel, ReturnKind kind, ITypeSymbol? valueType, JsonContracts contracts, MethodFaults faults, CancellationToken cancellationToken)
    {
        var choices = methodLevel.Choices ?? Parser.InterfaceChoices(interfaceLevel, kind);
        var n = choices?.Value;
        Location? Where() => methodLevel.Choices?.ArgumentLocation(cancellationToken) ?? SymbolText.ReturnTypeLocation(method, cancellationToken);
        // Written only when a fault names them: this runs for every method on every keystroke.
        string ReturnType() => DisplayNames.Of(method.ReturnType);
        string Count() => n?.ToString(CultureInfo.InvariantCulture) ?? "1";
        switch (kind)
        {
            case ReturnKind.Text or ReturnKind.TextResult or ReturnKind.Json or ReturnKind.JsonResult when n > 1:
                // Task<List<string>> or Task<ChatResult<IReadOnlyList<T>>> with [Choices]: the list meant is the choices' list.
                // An interface's [Choices] is named where it sits: the error is at the method, the attribute is not.
                var onInterface = methodLevel.Choices is null;
                faults.Add(DiagnosticDescriptors.ChoicesNeedList, Where(), $"it asks for {Count()} choices but returns one", method.Name,
                    Count() + " choices" + (onInterface ? $" ([Choices({Count()})] on interface '{method.ContainingType.Name}')" : ""), ReturnType(),
                    (valueType is not null && contracts.Of(valueType) is { Kind: JsonShapeKind.Array, Element: { } element } ? element : valueType) is { } listed ? DisplayNames.Of(listed) : "string",
                    onInterface ? "give the method [Choices(1)]" : "remove [Choices]");
                return;
            case ReturnKind.TextChoices or ReturnKind.JsonChoices when n is null or 1:
                faults.Add(DiagnosticDescriptors.ListNeedsChoices, SymbolText.ReturnTypeLocation(method, cancellationToken), "it returns a list of choices but asks for one",
                    method.Name, ReturnType(), (valueType is null ? "string" : DisplayNames.Of(valueType)));
                return;
            case ReturnKind.StreamText or ReturnKind.StreamTextResult or ReturnKind.StreamItems or ReturnKind.StreamPartials when n > 1:
                faults.Add(DiagnosticDescriptors.StreamingWithChoices, Where(), $"it streams but asks for {Count()} choices", method.Name, Count(), StreamShapes.ChoicesFix(kind, valueType));
                return;
            default:
                return;
        }
    }

    /// <summary>
    /// PG0025–PG0027. Located by <see cref="FaultSite.InArgument"/>: the span inside the literal is found only when the
    /// analyzer reports the fault, so the generator does no location work here.
    /// </summary>
    private static void CheckFewShots(IMethodSymbol method, ITypeSymbol? jsonType, bool items, bool wrapped, JsonContracts contracts, MethodFaults faults)
    {
        foreach (var attribute in AttributeArguments.Of(method, KnownNames.FewShotAttribute))
        {
            if (!AttributeArguments.IsComplete(attribute, 2))
            {
                continue;
            }

            var user = attribute.ConstructorArguments[0].Value as string;
            var assistant = attribute.ConstructorArguments[1].Value as string;
            if (string.IsNullOrWhiteSpace(user))
            {
                faults.Add(DiagnosticDescriptors.EmptyFewShot, FaultSite.InArgument(attribute, 0), "a few-shot example has an empty side", "user", method.Name);
            }

            if (string.IsNullOrWhiteSpace(assistant))
            {
                faults.Add(DiagnosticDescriptors.EmptyFewShot, FaultSite.InArgument(attribute, 1), "a few-shot example has an empty side", "assistant", method.Name);
                continue;
            }

            if (jsonType is null)
            {
                continue;
            }

            var json = JsonText.Parse(assistant!, out var error, out var errorStart, out var errorLength);
            if (json is null)
            {
                faults.Add(DiagnosticDescriptors.FewShotNotJson, FaultSite.InArgument(attribute, 1, errorStart, errorLength), "a few-shot reply is not valid JSON", method.Name, error);

                continue;
            }

            var mismatches = FewShotWire.Check(json, assistant!, jsonType, items, wrapped, contracts);
            if (mismatches.Count > 0)
            {
                foreach (var mismatch in mismatches)
                {
                    faults.Add(DiagnosticDescriptors.FewShotDoesNotFit, FaultSite.InArgument(attribute, 1, mismatch.Start, mismatch.Length),
                        "a few-shot reply does not fit its return type", DisplayNames.Of(jsonType), mismatch.Message);
                }
            }
        }
    }

    /// <summary>The T the reply becomes: of Task&lt;T&gt;, Task&lt;ChatResult&lt;T&gt;&gt; or Task&lt;IReadOnlyList&lt;T&gt;&gt;.</summary>
    private static ITypeSymbol? ValueType(ITypeSymbol returnType, ReturnKind kind, KnownTypes known)
    {
        if (kind == ReturnKind.Unsupported || returnType is not INamedTypeSymbol { TypeArguments.Length: 1 } named)
        {
            return null;
        }

        if (StreamShapes.IsJson(kind))
        {
            return StreamShapes.ValueTypeSymbol(named, known);
        }

        var argument = named.TypeArguments[0];
        if (argument is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } inner
            && (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ChatResult)
                || SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ReadOnlyList)))
        {
            return inner.TypeArguments[0];
        }

        return argument;
    }
}
