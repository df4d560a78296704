using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Tools;

/// <summary>
/// Turns a <c>[PromptTools]</c> type into a <see cref="ToolSetSpec"/>: one function per method with its build-time
/// parameter schema (the return types' <see cref="SchemaBuilder"/>), and reports what cannot work (PG0060–PG0065,
/// PG0067, PG0069). The spec still describes a dispatcher that compiles: a method that cannot be a tool answers the model
/// with an error.
/// </summary>
internal static class ToolParser
{
    /// <summary>The scalar types PromptGen's runtime registers (ToolJson.Scalar).</summary>
    private static readonly HashSet<string> Scalars = new(StringComparer.Ordinal)
    {
        "string", "bool", "int", "long", "short", "byte", "uint", "ulong", "double", "float", "decimal",
        "global::System.DateTime", "global::System.DateTimeOffset", "global::System.Guid", "global::System.TimeSpan",
        "bool?", "int?", "long?", "short?", "byte?", "double?", "float?", "decimal?",
        "global::System.DateTime?", "global::System.DateTimeOffset?", "global::System.Guid?", "global::System.TimeSpan?",
        "string[]", "int[]", "global::System.Collections.Generic.List<string>", "global::System.Collections.Generic.IReadOnlyList<string>",
    };

    public static ToolSetSpec Parse(INamedTypeSymbol type, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        try
        {
            return ParseCore(type, sink, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator never throws: nothing is emitted for this interface, and PG0099 says why.
            sink.Report(DiagnosticDescriptors.InternalError, type.Locations.FirstOrDefault(), type.Name, exception.GetType().Name + ": " + exception.Message);
            return new ToolSetSpec(HintNames.For(type), null, type.Name, type.Name, false, false, EquatableArray<ToolSpec>.Empty);
        }
    }

    private static ToolSetSpec ParseCore(INamedTypeSymbol type, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        var hintName = HintNames.For(type).Replace(".g.cs", ".Dispatcher.g.cs");
        var fullName = type.ToDisplayString(SymbolText.PlainTypeFormat);
        if (type.TypeKind != TypeKind.Interface)
        {
            sink.Report(DiagnosticDescriptors.PromptToolsNotInterface, type.Locations.FirstOrDefault(), type.Name);
            return new ToolSetSpec(hintName, ns, ToolNames.DispatcherName(type), fullName, false, false, EquatableArray<ToolSpec>.Empty);
        }

        var canEmit = true;
        if (WhyNotDispatchable(type) is { } reason)
        {
            sink.Report(DiagnosticDescriptors.ToolsInterfaceShape, type.Locations.FirstOrDefault(), type.Name, reason);
            canEmit = false;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol or IEventSymbol && member.IsAbstract)
            {
                sink.Report(DiagnosticDescriptors.ToolsInterfaceShape, member.Locations.FirstOrDefault(), type.Name,
                    $"'{member.Name}' is not a method, and only methods can be tools; remove it or give it a body");
            }
        }

        var options = ToolContext.Options(type, sink, cancellationToken, out var context);
        var tools = new List<ToolSpec>();
        var names = new Dictionary<string, IMethodSymbol>(StringComparer.Ordinal);
        var rethrowAll = ToolNames.Find(type, ToolNames.RethrowToolExceptionsAttribute) is not null;
        foreach (var method in Methods(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tool = ParseMethod(method, options, context, rethrowAll, sink, cancellationToken);
            if (names.TryGetValue(tool.FunctionName, out var first))
            {
                sink.Report(DiagnosticDescriptors.DuplicateToolName, NameLocation(method, cancellationToken), tool.FunctionName, Signature(first), Signature(method));
            }
            else
            {
                names[tool.FunctionName] = method;
            }

            tools.Add(tool);
        }

        if (tools.Count == 0)
        {
            sink.Report(DiagnosticDescriptors.EmptyToolsInterface, type.Locations.FirstOrDefault(), type.Name, SkippedMethods(type));
        }

        return new ToolSetSpec(hintName, ns, ToolNames.DispatcherName(type), fullName, IsPublic(type), canEmit, tools.ToEquatableArray());
    }

    /// <summary>
    /// For PG0055: the methods that are not tools although declared (a default body or static), as
    /// what to do about them, or the plain advice when there are none. With other tools present these are not reported: a default-bodied method is how C#
    /// writes a helper, and the README says such methods are not sent.
    /// </summary>
    private static string SkippedMethods(INamedTypeSymbol type)
    {
        var skipped = type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers()))
            .OfType<IMethodSymbol>()
            .Where(m => m is { MethodKind: MethodKind.Ordinary, IsAbstract: false } && !m.IsImplicitlyDeclared)
            .ToList();
        var bodied = Names(skipped.Where(m => !m.IsStatic), "has a body", "have a body");
        var statics = Names(skipped.Where(m => m.IsStatic), "is static", "are static");
        var what = string.Join(" and ", new[] { bodied, statics }.Where(p => p is not null));
        return what.Length == 0
            ? "add a method or remove [PromptTools]"
            : what + ", and only methods without a body are tools; remove the body (or 'static') of each one the model should call, or remove [PromptTools]";
    }

    private static string? Names(IEnumerable<IMethodSymbol> methods, string one, string several)
    {
        var names = methods.Select(m => "'" + m.Name + "'").Distinct().ToList();
        return names.Count switch
        {
            0 => null,
            1 => names[0] + " " + one,
            _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1] + " " + several,
        };
    }

    /// <summary>The tool methods: the interface's abstract methods, then its base interfaces', in declaration order.</summary>
    public static IEnumerable<IMethodSymbol> Methods(INamedTypeSymbol type) =>
        type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers()))
            .OfType<IMethodSymbol>()
            .Where(m => m is { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false });

    private static ToolSpec ParseMethod(IMethodSymbol method, Json.JsonContractOptions options, ToolContext? context, bool rethrowAll, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var location = method.Locations.FirstOrDefault();
        var name = ToolNames.FunctionName(method);
        var unusable = false;
        if (ToolNames.WhyInvalid(name) is { } invalid)
        {
            var attribute = ToolNames.Find(method, ToolNames.ToolNameAttribute);
            sink.Report(DiagnosticDescriptors.InvalidToolName, attribute is null ? location : ToolNames.ArgumentLocation(attribute, cancellationToken), name, method.Name, invalid);
        }

        if (method.IsGenericMethod)
        {
            sink.Report(DiagnosticDescriptors.UnsupportedToolMethod, location, method.Name, "it is generic, and the model cannot choose a type argument; remove the type parameters");
            unusable = true;
        }

        var description = Docs.DescriptionAttribute(method) ?? Docs.Summary(method);
        if (description is null)
        {
            sink.Report(DiagnosticDescriptors.MissingToolDescription, location, $"Tool '{method.Name}'");
        }

        var schemaParameters = new List<SchemaParameter>();
        var schemaLocations = new List<Location?>();
        var parameters = new List<ToolParameterSpec>();
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                sink.Report(DiagnosticDescriptors.UnsupportedToolMethod, parameter.Locations.FirstOrDefault(), method.Name,
                    $"parameter '{parameter.Name}' is passed by '{parameter.RefKind.ToString().ToLowerInvariant()}', and a tool's arguments come from JSON; pass it by value");
                unusable = true;
                continue;
            }

            if (parameter.Type.ToDisplayString() == "System.Threading.CancellationToken")
            {
                parameters.Add(new ToolParameterSpec(SymbolText.Escape(parameter.Name), "", "", "", null, IsCancellationToken: true));
                continue;
            }

            var parameterDescription = Docs.DescriptionAttribute(parameter) ?? Docs.Param(method, parameter.Name);
            if (parameterDescription is null)
            {
                sink.Report(DiagnosticDescriptors.MissingToolDescription, parameter.Locations.FirstOrDefault(), $"Parameter '{parameter.Name}' of tool '{method.Name}'");
            }

            var nullable = Json.JsonContract.Of(parameter.Type, options).IsNullable;
            var optional = parameter.HasExplicitDefaultValue || nullable;
            schemaParameters.Add(new SchemaParameter(parameter, parameter.Name, parameterDescription, optional));
            schemaLocations.Add(parameter.Locations.FirstOrDefault());
            var typeName = parameter.Type.ToDisplayString(SymbolText.TypeFormat);
            var fallback = parameter.HasExplicitDefaultValue ? Clients.Parser.DefaultValue(parameter) : nullable ? "default" : null;
            if (fallback is "default")
            {
                fallback = "default(" + typeName + ")";
            }

            // What System.Text.Json cannot create (two public constructors and no [JsonConstructor], …) cannot be an argument.
            if (!method.IsGenericMethod && Json.JsonContract.WhyNotCreatable(parameter.Type, options) is { } notCreatable)
            {
                sink.Report(DiagnosticDescriptors.ToolParameterNotDescribable, parameter.Locations.FirstOrDefault(), method.Name,
                    $"parameter '{parameter.Name}' cannot be read from JSON: {notCreatable}");
                unusable = true;
            }

            var info = Info(parameter.Type, context?.Name); // PG0056 (not in the context): ReportUnregisteredTypes, analyzer only
            parameters.Add(new ToolParameterSpec(SymbolText.Escape(parameter.Name), parameter.Name, typeName, info, fallback, IsCancellationToken: false));
        }

        // Strict mode where it can describe the parameters, else the non-strict schema; what neither can describe is an
        // error at the parameter. The rules the arguments are checked against never require a parameter with a default
        // (or a nullable one): strict mode makes the model send it (null means "the default"), but a server that ignores
        // strict may leave it out, and the dispatcher then uses the default.
        var result = SchemaBuilder.BuildParameters(method.Name, schemaParameters, new SchemaSettings(true, "a strict tool schema", options), out _);
        var strict = result.Problems.Count == 0;
        string schema;
        string rules;
        if (strict)
        {
            schema = result.Root.ToJson(SchemaBuilder.StrictAccepts);
            result.Root.Set("required", schemaParameters.Where(p => !p.Optional).Select(p => (object)p.JsonName).ToList());
            rules = result.Root.ToJson();
        }
        else
        {
            result = SchemaBuilder.BuildParameters(method.Name, schemaParameters, new SchemaSettings(false, "a tool schema", options), out var owners);
            for (var i = 0; i < result.Problems.Count; i++)
            {
                sink.Report(DiagnosticDescriptors.ToolParameterNotDescribable, (owners[i] >= 0 && owners[i] < schemaLocations.Count ? schemaLocations[owners[i]] : null) ?? location, method.Name, result.Problems[i]);
                unusable = true;
            }

            rules = result.Root.ToJson();
            schema = result.Root.ToJson(SchemaBuilder.Sendable);
        }

        var (kind, resultType, whyNotResult) = ClassifyReturn(method.ReturnType);
        string? resultInfo = null;
        if (kind == ToolReturn.Unsupported)
        {
            sink.Report(DiagnosticDescriptors.ToolResultNotSerializable, SymbolText.ReturnTypeLocation(method, cancellationToken) ?? location, method.Name, whyNotResult);
        }
        else if (resultType is not null && !method.IsGenericMethod) // a generic method is PG0061 already: one error
        {
            if (WhyNotSerializable(resultType, options) is { } why)
            {
                sink.Report(DiagnosticDescriptors.ToolResultNotSerializable, SymbolText.ReturnTypeLocation(method, cancellationToken) ?? location, method.Name, why);
                kind = ToolReturn.Unsupported;
            }
            else if (resultType.SpecialType != SpecialType.System_String)
            {
                resultInfo = Info(resultType, context?.Name);
            }
        }

        if (unusable)
        {
            kind = ToolReturn.Unsupported;
        }

        var rethrows = rethrowAll || ToolNames.Find(method, ToolNames.RethrowToolExceptionsAttribute) is not null;
        return new ToolSpec(SymbolText.Escape(method.Name), name, description ?? "", schema, rules == schema ? null : rules, strict, rethrows,
            kind, resultInfo, parameters.ToEquatableArray());
    }

    /// <summary>
    /// PG0056, a report-only check (the analyzer's; the generator's transform never asks what a context serves): each
    /// parameter and result type of <paramref name="type"/>'s tools that is read or written through its JsonContext but
    /// that the context neither registers nor reaches.
    /// </summary>
    public static void ReportUnregisteredTypes(INamedTypeSymbol type, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Interface)
        {
            return;
        }

        var options = ToolContext.Options(type, DiagnosticSink.None, cancellationToken, out var context); // PG0057 is Parse's
        if (context is null)
        {
            return;
        }

        foreach (var method in Methods(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.None && parameter.Type.ToDisplayString() != "System.Threading.CancellationToken")
                {
                    ToolContext.CheckRegistered(context, parameter.Type, Info(parameter.Type, context.Name), parameter.Locations.FirstOrDefault(),
                        $"parameter '{parameter.Name}' of tool '{method.Name}' is", sink);
                }
            }

            // As Parse: a result it reports as unsendable (PG0063), and a generic method's (PG0061), are not looked up.
            var (_, result, _) = ClassifyReturn(method.ReturnType);
            if (result is not null && !method.IsGenericMethod && result.SpecialType != SpecialType.System_String && WhyNotSerializable(result, options) is null)
            {
                ToolContext.CheckRegistered(context, result, Info(result, context.Name),
                    SymbolText.ReturnTypeLocation(method, cancellationToken) ?? method.Locations.FirstOrDefault(), $"result of tool '{method.Name}' is", sink);
            }
        }
    }

    /// <summary>The C# expression of the JsonTypeInfo that reads or writes <paramref name="type"/>.</summary>
    private static string Info(ITypeSymbol type, string? context)
    {
        var display = type.ToDisplayString(SymbolText.TypeFormat);
        var plain = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (Scalars.Contains(plain.ToDisplayString(SymbolText.TypeFormat)))
        {
            return "global::PromptGen.ToolJson.Scalar<" + display + ">()";
        }

        if (plain.TypeKind == TypeKind.Enum)
        {
            return "global::PromptGen.ToolJson.Enum<" + plain.ToDisplayString(SymbolText.PlainTypeFormat) + ">()";
        }

        if (plain is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && nullable.TypeArguments[0].TypeKind == TypeKind.Enum)
        {
            return "global::PromptGen.ToolJson.NullableEnum<" + nullable.TypeArguments[0].ToDisplayString(SymbolText.PlainTypeFormat) + ">()";
        }

        if (context is not null)
        {
            return $"((global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{display}>){context}.Default.GetTypeInfo(typeof({plain.ToDisplayString(SymbolText.PlainTypeFormat)}))!)";
        }

        return "global::PromptGen.ToolJson.Reflection<" + display + ">()";
    }

    /// <summary>
    /// What the dispatcher does with a tool's return type: nothing to send (void, Task, ValueTask), a value, or a
    /// Task/ValueTask of one. Anything the dispatcher cannot await once and then write as JSON is
    /// <see cref="ToolReturn.Unsupported"/> with the reason (PG0063): an awaitable inside an awaitable (its internals would
    /// be sent as JSON), a stream or enumerator (IAsyncEnumerable, ChatStream, IEnumerator…), a ref-like or pointer type,
    /// or an awaitable that is not a Task or ValueTask.
    /// </summary>
    private static (ToolReturn Kind, ITypeSymbol? Result, string? Why) ClassifyReturn(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Void)
        {
            return (ToolReturn.Void, null, null);
        }

        var shown = DisplayNames.Of(type);
        switch (type.OriginalDefinition.ToDisplayString())
        {
            case "System.Threading.Tasks.Task":
            case "System.Threading.Tasks.ValueTask":
                return (ToolReturn.Task, null, null);
            case "System.Threading.Tasks.Task<TResult>":
            case "System.Threading.Tasks.ValueTask<TResult>":
                var inner = ((INamedTypeSymbol)type).TypeArguments[0];
                return WhyNotResult(inner, shown, inTask: true) is { } whyInner
                    ? (ToolReturn.Unsupported, null, whyInner)
                    : (ToolReturn.TaskOfValue, inner, null);
        }

        return WhyNotResult(type, shown, inTask: false) is { } why ? (ToolReturn.Unsupported, null, why) : (ToolReturn.Value, type, null);
    }

    /// <summary>Why <paramref name="type"/> (the result, or what the returned task gives) cannot be sent, or null.</summary>
    private static string? WhyNotResult(ITypeSymbol type, string shown, bool inTask)
    {
        var name = DisplayNames.Of(type);
        var definition = type.OriginalDefinition.ToDisplayString();
        var element = type is INamedTypeSymbol { TypeArguments.Length: 1 } generic ? generic.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) : "T";
        switch (definition)
        {
            case "System.Collections.Generic.IAsyncEnumerable<T>":
            case "System.Collections.Generic.IAsyncEnumerator<T>":
            case "PromptGen.ChatStream<T>":
            case "PromptGen.PartialStream<T>":
                return $"'{shown}' is {(inTask ? "a task of a stream" : "a stream")}, and a tool answers the model once; collect the items and return Task<List<{element}>>";
            case "System.Collections.Generic.IEnumerator<T>":
            case "System.Collections.IEnumerator":
                return $"'{shown}' is {(inTask ? "a task of an enumerator" : "an enumerator")}, which JSON cannot write; return a List<{element}> or an array";
        }

        if (IsAwaitable(type))
        {
            var isTask = definition is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>";
            if (inTask)
            {
                return $"'{shown}' is an awaitable inside an awaitable, and the dispatcher awaits only the outer one, so '{name}' itself would be sent as JSON; await the inner one in the tool and return Task<T> of its result (Task for no result)";
            }

            if (!isTask)
            {
                return $"'{shown}' is awaitable but is not a Task or ValueTask, and the dispatcher awaits only those, so the awaitable itself would be sent as JSON; return Task<T> or ValueTask<T>";
            }
        }

        if (type.IsRefLikeType || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return $"'{shown}' is {(type.IsRefLikeType ? "a ref struct" : "a pointer")}, which cannot be boxed or written as JSON; return a string, an array or a record";
        }

        return null;
    }

    /// <summary>Whether <paramref name="type"/> has an instance <c>GetAwaiter()</c> (the await pattern; extension methods aside).</summary>
    private static bool IsAwaitable(ITypeSymbol type)
    {
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.TypeParameter)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.Parameters.Length == 0 && !m.ReturnsVoid))
            {
                return true;
            }
        }

        return type.TypeKind == TypeKind.Interface && type.AllInterfaces.Any(i => i.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.Parameters.Length == 0));
    }

    private static string? WhyNotSerializable(ITypeSymbol type, Json.JsonContractOptions options)
    {
        if (type.TypeKind is TypeKind.TypeParameter or TypeKind.Delegate or TypeKind.Pointer || type.IsRefLikeType)
        {
            return $"'{DisplayNames.Of(type)}' cannot be written as JSON; return a string or a record";
        }

        var contract = Json.JsonContract.Of(type, options);
        return contract.Kind != Json.JsonShapeKind.Unsupported ? Json.JsonContract.UnwritableWithin(type, options, "the result")
            : contract.Refusal is { } refusal ? $"'{DisplayNames.Of(type)}' is {refusal}"
            : $"'{DisplayNames.Of(type)}' cannot be written as JSON; return a string or a record";
    }

    /// <summary>Why no dispatcher class in the interface's namespace can implement and name it, or null.</summary>
    internal static string? WhyNotDispatchable(INamedTypeSymbol type)
    {
        if (type.IsGenericType)
        {
            return "it is generic, and a tool's schema is computed at build time for known types; remove the type parameters";
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return "it is file-local, so its generated dispatcher cannot name it; remove 'file'";
            }

            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return $"'{current.Name}' is {SyntaxFacts(current.DeclaredAccessibility)}, so its generated dispatcher cannot name it; make it internal or public";
            }

            if (current.ContainingType is { IsGenericType: true } outer)
            {
                return $"it is nested in the generic type '{outer.Name}'; declare it outside";
            }
        }

        return null;
    }

    private static string SyntaxFacts(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        _ => "private protected",
    };

    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A method as <c>Name(type, type)</c>, so overloads are told apart.</summary>
    private static string Signature(IMethodSymbol method) =>
        method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";

    private static Location? NameLocation(IMethodSymbol method, CancellationToken cancellationToken) =>
        ToolNames.Find(method, ToolNames.ToolNameAttribute) is { } attribute
            ? ToolNames.ArgumentLocation(attribute, cancellationToken)
            : method.Locations.FirstOrDefault();
}
