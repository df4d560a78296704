using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Generator.Clients;

/// <summary>Writes the implementation of one prompt interface. A pure function of the spec: identical specs give identical text.</summary>
internal static class Emitter
{
    private const string Transport = "global::PromptGen.IChatTransport";
    private const string Reply = "global::PromptGen.PromptReply";
    private const string ChatMessage = "global::PromptGen.ChatMessage";

    public static string Emit(InterfaceSpec spec)
    {
        var w = GeneratedFile.Start(spec.Namespace);

        // The client repeats the app's signatures and reads its members: an [Obsolete] type or member the app uses (and
        // may suppress where it declares it) must not warn in code the app cannot edit (CS0612, CS0618). An [Obsolete]
        // error is never read here: a template reading one is PG0083.
        w.Line("#pragma warning disable CS0612, CS0618");
        foreach (var outer in spec.ContainingTypes)
        {
            w.Open(outer.Keyword + " " + outer.Name);
        }

        w.Open("partial interface " + spec.Name);
        w.Lines($$"""
            /// <summary>
            /// The PromptGen implementation of <see cref="{{spec.FullName}}"/>: each method renders its prompt into a
            /// Chat Completions request and sends it through an <see cref="global::PromptGen.IChatTransport"/>. One instance serves concurrent calls.
            /// </summary>
            {{GeneratedFile.GeneratedCodeAttribute}}
            """);
        w.Open("public " + (spec.HidesInheritedClient ? "new " : "") + "sealed " + (spec.IsUnsafe ? "unsafe " : "") + "class Client : " + spec.FullName);

        // Every name the class adds avoids every name the user wrote (NameScope), and fields are read through 'this.'.
        var names = new NameScope(spec.UserNames);
        var transport = names.Pick("_transport");
        var replyFields = spec.Methods.Select(m => m.Kind != ReturnKind.Unsupported && m.Reply is not null ? names.Pick(TypedReplyEmitter.FieldName(m)) : null).ToArray();
        var versionConstants = spec.Methods.Select(m => m.Kind != ReturnKind.Unsupported ? names.Pick(Unescaped(m.Name) + "PromptVersion") : null).ToArray();
        var methodFields = spec.Methods.Select(m => m.Kind != ReturnKind.Unsupported ? names.Pick("__" + Unescaped(m.Name) + "Method") : null).ToArray();
        var interfaceName = spec.ClrName;
        w.Lines($$"""
            private readonly {{Transport}} {{transport}};

            /// <summary>Creates the implementation over a transport, usually a <see cref="global::PromptGen.ChatClient"/>.</summary>
            /// <param name="transport">Sends the requests.</param>
            public Client({{Transport}} transport)
            {
                this.{{transport}} = transport ?? throw new global::System.ArgumentNullException("transport");
            }
            """);

        for (var i = 0; i < spec.Methods.Count; i++)
        {
            var method = spec.Methods[i];
            w.Line();
            if (method.Kind == ReturnKind.Unsupported)
            {
                EmitStub(w, spec, method);
            }
            else
            {
                EmitPromptVersion(w, method, interfaceName, versionConstants[i]!, methodFields[i]!);
                if (method.Reply is { } reply)
                {
                    TypedReplyEmitter.EmitFormatField(w, method, reply, replyFields[i]!);
                }

                EmitMethod(w, spec, method, transport, replyFields[i], names.Nested());
                w.Line();
                EmitRequestBuilder(w, method, replyFields[i], methodFields[i]!, names.Nested());
            }
        }

        MemberStubEmitter.Emit(w, spec);
        w.Close();
        w.Close();
        foreach (var _ in spec.ContainingTypes)
        {
            w.Close();
        }

        if (spec.Namespace is not null)
        {
            w.Close();
        }

        return w.ToString();
    }

    /// <summary>The parameter list; with <paramref name="defaults"/> it repeats each default value, so the Client is called as the interface is.</summary>
    private static string Signature(System.Collections.Generic.IEnumerable<ParameterSpec> parameters, bool defaults) =>
        string.Join(", ", parameters.Select(p => p.Type + " " + p.Name + (defaults && p.Default is not null ? " = " + p.Default : "")));

    private static void EmitStub(SourceWriter w, InterfaceSpec spec, MethodSpec method)
    {
        var message = $"PromptGen cannot implement {spec.Name}.{method.Name}: {method.Unsupported}. See the PromptGen error reported for this method.";
        w.Lines($"""
            {method.ReturnType} {spec.FullName}.{method.Name}{method.TypeParameters}({Signature(method.Parameters, defaults: false)}) =>
                throw new global::System.NotSupportedException({Literal(message)});
            """);
    }

    /// <summary>The method's prompt version as a public constant, and the <c>PromptMethod</c> its requests carry.</summary>
    private static void EmitPromptVersion(SourceWriter w, MethodSpec method, string interfaceName, string constant, string field)
    {
        var name = Unescaped(method.Name);
        w.Lines($"""
            /// <summary>
            /// The version of <c>{name}</c>'s prompt (12 hexadecimal characters): a hash of its templates, few-shot examples,
            /// settings and response format, which changes exactly when one of them does. Its requests carry it in
            /// <see cref="global::PromptGen.ChatRequest.PromptMethod"/>, its results in <c>ChatResult&lt;T&gt;.PromptVersion</c>.
            /// </summary>
            public const string {constant} = {Literal(method.PromptVersion)};

            private static readonly global::PromptGen.PromptMethod {field} = new global::PromptGen.PromptMethod({Literal(interfaceName)}, {Literal(name)}, {constant});

            """);
    }

    private static void EmitMethod(SourceWriter w, InterfaceSpec spec, MethodSpec method, string transport, string? replyField, NameScope names)
    {
        var cancellation = method.Parameters.FirstOrDefault(p => p.Role == ParameterRole.CancellationToken)?.Name ?? "default";
        var builderArguments = string.Join(", ", method.Parameters.Where(p => p.Role != ParameterRole.CancellationToken).Select(p => p.Name));
        var request = names.Pick("__request");
        // The builder is qualified only where a user name could hide it; locals have explicit types, never 'var' (a user type may be named 'var').
        var builder = $"Create{Unescaped(method.Name)}Request";
        if (names.IsTaken(builder))
        {
            builder = spec.FullName + ".Client." + builder;
        }

        w.Line("/// <inheritdoc/>");
        if (StreamShapes.IsStream(method.Kind))
        {
            w.Open($"public {method.ReturnType} {method.Name}({Signature(method.Parameters, defaults: true)})");
            w.Line($"global::PromptGen.ChatRequest {request} = {builder}({builderArguments});");
            var streamer = method.Tools is { } streamTools ? ToolCallEmitter.EmitLoop(w, streamTools, "this." + transport, names) : "this." + transport;
            // Items whose type holds a nullable reference (ChatStream<Person?>, ChatStream<List<string?>>) are read as the
            // type without annotations: '!' accepts that stream where the annotated one is declared, without a CS8619
            // warning in generated code. The parser reads the flag from the symbol.
            var nullableItems = method.Kind is ReturnKind.StreamItems or ReturnKind.StreamPartials or ReturnKind.StreamTextResult && method.NullableItems;
            w.Line($"return {StreamShapes.Call(method.Kind, method.ValueType, streamer, request, replyField, cancellation)}{(nullableItems ? "!" : "")};");
            w.Close();
            return;
        }

        w.Open($"public async {method.ReturnType} {method.Name}({Signature(method.Parameters, defaults: true)})");
        w.Line($"global::PromptGen.ChatRequest {request} = {builder}({builderArguments});");
        // With tools, a ToolLoop over the transport runs the tool calls and is the transport for the rest of the method.
        var loop = method.Tools is { } tools ? ToolCallEmitter.EmitLoop(w, tools, "this." + transport, names) : null;
        var sender = loop ?? "this." + transport;
        if (method.Reply is not null)
        {
            if (loop is not null && method.Kind == ReturnKind.JsonResult)
            {
                w.Line($"return {loop}.Result(await {Reply}.JsonResultAsync({loop}, {request}, {replyField}, {cancellation}).ConfigureAwait(false));");
            }
            else
            {
                TypedReplyEmitter.EmitCall(w, method, cancellation, sender, request, replyField!);
            }

            w.Close();
            return;
        }

        // A text declared nullable (Task<string?>, Task<ChatResult<string?>>, Task<IReadOnlyList<string?>>) takes a reply
        // without text as null: the …OrNullAsync calls, whose types are the declared ones (no CS8619, no '!').
        var orNull = method.NullableItems ? "OrNull" : "";
        var call = method.Kind switch
        {
            ReturnKind.TextResult => "TextResult" + orNull + "Async",
            ReturnKind.TextChoices => "TextChoices" + orNull + "Async",
            _ => "Text" + orNull + "Async",
        };
        w.Line(loop is not null && method.Kind == ReturnKind.TextResult
            ? $"return {loop}.Result(await {Reply}.{call}({loop}, {request}, {cancellation}).ConfigureAwait(false));"
            : $"return await {Reply}.{call}({sender}, {request}, {cancellation}).ConfigureAwait(false);");
        w.Close();
    }

    private static void EmitRequestBuilder(SourceWriter w, MethodSpec method, string? replyField, string methodField, NameScope names)
    {
        var parameters = Signature(method.Parameters.Where(p => p.Role != ParameterRole.CancellationToken), defaults: true);
        EmitterDocs.RequestBuilder(w, method);
        w.Open($"public static global::PromptGen.ChatRequest Create{Unescaped(method.Name)}Request({parameters})");
        var fixedCount = method.Messages.Count(m => m.Kind != MessageKind.History);
        var messages = names.Pick("__messages");
        var list = $"global::System.Collections.Generic.List<{ChatMessage}>";
        w.Line($"{list} {messages} = new {list}({fixedCount.ToString(CultureInfo.InvariantCulture)});");
        foreach (var message in method.Messages)
        {
            switch (message.Kind)
            {
                case MessageKind.Fixed:
                    w.Line($"{messages}.Add({Factory(message.Role)}({Literal(message.Text)}));");
                    break;
                case MessageKind.History:
                    EmitHistory(w, message.Text, method.Parameters.First(p => p.Name == message.Text).Nulls, messages);
                    break;
                case MessageKind.Template when message.Role == "user" && ImageEmitter.HasImages(method):
                    ImageEmitter.EmitUserMessage(w, method, message, messages, names);
                    break;
                default:
                    EmitTemplate(w, message, messages, names);
                    break;
            }
        }

        var toolsLocal = method.Tools is { } toolUse ? ToolCallEmitter.EmitDefinitions(w, toolUse, names) : null;
        w.Line("return new global::PromptGen.ChatRequest");
        w.Open();
        var s = method.Settings;
        if (s.Model is not null)
        {
            w.Line($"Model = {Literal(s.Model)},");
        }

        w.Line($"Messages = {messages},");
        if (s.Temperature is { } temperature)
        {
            w.Line($"Temperature = {Double(temperature)},");
        }

        if (s.TopP is { } topP)
        {
            w.Line($"TopP = {Double(topP)},");
        }

        if (s.MaxTokens is { } maxTokens)
        {
            w.Line($"MaxTokens = {maxTokens.ToString(CultureInfo.InvariantCulture)},");
        }

        if (s.FrequencyPenalty is { } frequency)
        {
            w.Line($"FrequencyPenalty = {Double(frequency)},");
        }

        if (s.PresencePenalty is { } presence)
        {
            w.Line($"PresencePenalty = {Double(presence)},");
        }

        if (s.Stop.Count > 0)
        {
            w.Line($"Stop = new string[] {{ {string.Join(", ", s.Stop.Select(Literal))} }},");
        }

        if (s.Choices is { } n)
        {
            w.Line($"N = {n.ToString(CultureInfo.InvariantCulture)},");
        }

        if (s.Seed is { } seed)
        {
            w.Line($"Seed = {seed.ToString(CultureInfo.InvariantCulture)}L,");
        }

        if (method.Tools is { } tools)
        {
            ToolCallEmitter.EmitRequestSettings(w, tools, toolsLocal);
        }

        if (method.Reply is { Format: not ReplyFormat.Text })
        {
            w.Line($"ResponseFormat = {replyField}.ResponseFormat,");
        }

        if (Budget.BudgetEmitter.Initializer(method, messages) is { } budget)
        {
            w.Line(budget);
        }

        w.Line($"PromptMethod = {methodField},");

        w.Close(";");
        w.Close();
    }

    /// <summary>
    /// The history's messages: a history declared nullable (<c>IReadOnlyList&lt;ChatMessage&gt;? history</c>) takes null
    /// as "no history yet", a non-nullable one throws for null, and a struct (<c>ImmutableArray&lt;ChatMessage&gt;</c>) is never null.
    /// </summary>
    private static void EmitHistory(SourceWriter w, string history, NullState nulls, string messages)
    {
        switch (nulls)
        {
            case NullState.MaybeNull:
                w.Open($"if ({history} is not null)");
                w.Line($"{messages}.AddRange({history});");
                w.Close();
                break;
            case NullState.Value:
                w.Line($"{messages}.AddRange({history});");
                break;
            default:
                w.Line($"{messages}.AddRange({history} ?? throw new global::System.ArgumentNullException({Literal(Unescaped(history))}));");
                break;
        }
    }

    private static void EmitTemplate(SourceWriter w, MessageSpec message, string messages, NameScope names)
    {
        var text = RenderWriter.Write(w, message.Render, names);
        w.Line($"{messages}.Add({Factory(message.Role)}({text}));");
    }

    private static string Factory(string role) => role switch
    {
        "system" => ChatMessage + ".System",
        "assistant" => ChatMessage + ".Assistant",
        _ => ChatMessage + ".User",
    };

    private static string Unescaped(string name) => SymbolText.Unescape(name);

    private static string Literal(string text) => SymbolText.Literal(text);

    private static string Double(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return double.IsNaN(value) ? "double.NaN" : value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        var text = CSharpNumbers.RoundTrip(value);
        return text.IndexOfAny(new[] { '.', 'E' }) >= 0 ? text : text + ".0";
    }
}
