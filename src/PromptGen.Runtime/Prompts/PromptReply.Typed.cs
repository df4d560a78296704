using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

using PromptGen.Telemetry;

namespace PromptGen;

public static partial class PromptReply
{
    /// <summary>
    /// Sends <paramref name="request"/> and returns its one choice's JSON as <typeparamref name="T"/>, checked against
    /// the format's schema. A reply that does not parse or validate is sent back with its errors, up to
    /// <see cref="JsonReplyFormat{T}.MaxRetries"/> more times; then a <see cref="PromptFormatException"/> carries the last
    /// reply, its errors, the number of requests and their summed usage. A reply that does not hold exactly one choice,
    /// index 0, is a <see cref="PromptFormatException"/> at once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="request"/> asks for more than one choice (<see cref="ChatRequest.N"/>).</exception>
    public static async Task<T> JsonAsync<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, CancellationToken cancellationToken = default) =>
        (await ReadJsonInSpanAsync(transport, request, format, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>As <see cref="JsonAsync{T}"/>, with the reply's details; <see cref="ChatResult{T}.Usage"/> sums every request.</summary>
    public static async Task<ChatResult<T>> JsonResultAsync<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, CancellationToken cancellationToken = default)
    {
        var read = await ReadJsonInSpanAsync(transport, request, format, cancellationToken).ConfigureAwait(false);
        var result = read.Tally.Result(read.Value, read.Completion);
        ((IPromptVersioned)result).Fill(request.PromptMethod?.Version);
        return result;
    }

    /// <summary>
    /// The JSON call inside the method's span: the value, the last reply and the sums. <see cref="JsonAsync{T}"/> returns
    /// only the value, so it builds no <see cref="ChatResult{T}"/>.
    /// </summary>
    /// <remarks>A <see cref="ValueTask{TResult}"/> awaited once by its caller, pooled on .NET: no task of its own per call.</remarks>
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private static async ValueTask<(T Value, ChatCompletion Completion, CallTally Tally)> ReadJsonInSpanAsync<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, CancellationToken cancellationToken)
    {
        if (transport is null)
        {
            throw new ArgumentNullException(nameof(transport));
        }

        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (format is null)
        {
            throw new ArgumentNullException(nameof(format));
        }

        RequireOneChoice(request, stream: false);

        // The repair loop runs inside the span itself: one task for the call, not one for the span and one for the loop.
        using var span = MethodSpan.Start(request, transport);
        try
        {
            var tally = new CallTally();
            var current = request;
            for (var attempt = 1; ; attempt++)
            {
                var completion = await transport.CompleteAsync(current, cancellationToken).ConfigureAwait(false);
                tally.Add(completion);
                var usage = tally.Usage;
                ChatChoice choice;
                string content;
                try
                {
                    choice = OnlyChoice(completion, current.N);
                    content = TextOf(completion, choice, json: true);
                }
                catch (PromptException exception)
                {
                    exception.Charged(usage, tally.Cost);
                    exception.Attempts = attempt;
                    throw;
                }

                // The common case first: read once, and no error list to allocate.
                if (JsonReplyReader.TryReadOnce(content, format, out var value))
                {
                    span.Totals(transport, usage, attempt);
                    return (value, completion, tally);
                }

                var errors = new List<string>();
                if (TryReadWithErrors(content, format, errors, out value, out var failure, completion.Redactor))
                {
                    span.Totals(transport, usage, attempt);
                    return (value, completion, tally);
                }

                if (attempt > format.MaxRetries)
                {
                    var tried = attempt == 1 ? "" : $" after {attempt} requests";
                    throw NotFitting($"The reply does not fit {TypeName(typeof(T))}{tried}", completion.Redactor, content, choice.FinishReason, usage, errors, attempt, failure).Charged(usage, tally.Cost);
                }

                current = Retry(request, current, content, errors);
            }
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns every choice's JSON as <typeparamref name="T"/>, in index order, each
    /// checked against the schema. Choices are not asked again: the first that fails throws. The reply must hold exactly
    /// <see cref="ChatRequest.N"/> choices (1 when null), indexes 0 to n-1 each once; fewer, more, an index twice or out of
    /// range is a <see cref="PromptFormatException"/> whose <see cref="PromptFormatException.Errors"/> names each fault.
    /// </summary>
    public static async Task<IReadOnlyList<T>> JsonChoicesAsync<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, CancellationToken cancellationToken = default)
    {
        if (transport is null)
        {
            throw new ArgumentNullException(nameof(transport));
        }

        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (format is null)
        {
            throw new ArgumentNullException(nameof(format));
        }

        using var span = MethodSpan.Start(request, transport);
        try
        {
            var completion = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            span.Totals(transport, completion.Usage, 1);
            return ReadChoices(completion, request.N, format);
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    private static T[] ReadChoices<T>(ChatCompletion completion, int? asked, JsonReplyFormat<T> format)
    {
        var choices = Ordered(completion, asked);
        var values = new T[choices.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var content = TextOf(completion, choices[i], json: true);
            var errors = new List<string>();
            if (!TryRead(content, format, errors, out values[i], out var failure, completion.Redactor))
            {
                throw NotFitting($"Choice {choices[i].Index} does not fit {TypeName(typeof(T))}", completion.Redactor, content, choices[i].FinishReason, completion.Usage, errors, 1, failure, ChoicesAdvice).Charged(completion.Usage, completion.Cost);
            }
        }

        return values;
    }

    /// <summary>
    /// The exception for a reply that does not fit: the reply, the errors and the parser's exception quote what the model
    /// sent, so the client's API key is removed from each (before any cut) and a parser exception is re-created from its
    /// redacted text rather than attached as it is.
    /// </summary>
    /// <summary>What to do when a choice does not fit: choices are never asked again one by one.</summary>
    private const string ChoicesAdvice = " Choices are not asked again ([Repair] asks again for a method that returns one reply): call the method again, or ask for fewer choices.";

    private static PromptFormatException NotFitting(string what, Redactor redactor, string content, string? finishReason, ChatUsage? usage, List<string> errors, int attempts, Exception? failure, string advice = "")
    {
        var received = redactor.Redact(content)!;
        var redactedErrors = errors.ConvertAll(error => redactor.Redact(error)!);
        var inner = failure switch
        {
            JsonException json when redactor.Leaks(json.ToString()) => new JsonException(redactor.Redact(json.Message), json.Path, json.LineNumber, json.BytePositionInLine),
            { } other when redactor.Leaks(other.ToString()) => new InvalidOperationException(redactor.Redact(other.Message)),
            _ => failure,
        };
        return new PromptFormatException($"{what}: {string.Join(" ", redactedErrors)} Received {Excerpt(received)}.{advice}", received, redactor.Redact(finishReason), usage, redactedErrors, attempts, inner);
    }

    /// <summary>Parses, validates and deserialises one reply; on failure <paramref name="errors"/> says why.</summary>
    /// <remarks>The client's secrets are removed from the text an error quotes (<paramref name="redactor"/>) before it is cut short.</remarks>
    internal static bool TryRead<T>(string content, JsonReplyFormat<T> format, List<string> errors, out T value, out Exception? failure, Redactor? redactor = null)
    {
        failure = null;
        return JsonReplyReader.TryReadOnce(content, format, out value) // read once: checked on the reply's bytes, deserialised from them
            || TryReadWithErrors(content, format, errors, out value, out failure, redactor);
    }

    /// <summary>The path of every reply <see cref="JsonReplyReader"/> does not take: a document, the full validator's errors.</summary>
    private static bool TryReadWithErrors<T>(string content, JsonReplyFormat<T> format, List<string> errors, out T value, out Exception? failure, Redactor? redactor = null)
    {
        failure = null;
        value = default!;
        JsonDocument document;
        var json = StripCodeFence(content);
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            // Described in our words (what was received, where): the serializer's message is kept as the inner exception only.
            failure = exception;
            errors.Add(JsonFailure.NotJson("The reply", exception, json, redactor));
            return false;
        }

        using (document)
        {
            // The schema's letter plus what the deserialiser's own options accept (names in any case, numbers in strings).
            var options = format.TypeInfo.Options;
            var root = document.RootElement;
            var rootPath = "$";
            var rules = format.Rules;
            if (format.Wrapped)
            {
                var valueRules = rules.TryGetProperty("properties", out var properties) && properties.TryGetProperty("value", out var v) ? v : (JsonElement?)null;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var inner) && format.RulesCheck?.Matches(root) == true)
                {
                    root = inner; // The compiled rules accept it: the full validator would find no error.
                    rootPath = "$.value";
                }
                else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out inner))
                {
                    var wrappedErrors = JsonSchemaValidator.Validate(rules, root, options);

                    // A bare object that happens to have a "value" property (a nullable object type) is read as it is.
                    if (wrappedErrors.Count > 0 && valueRules is { } bare && JsonSchemaValidator.Validate(bare, root, options).Count == 0)
                    {
                        wrappedErrors.Clear();
                    }
                    else
                    {
                        root = inner;
                        rootPath = "$.value";
                    }

                    errors.AddRange(wrappedErrors);
                }
                else if (valueRules is { } bare && format.ValueRulesCheck?.Matches(root) != true)
                {
                    // Lenient: a bare value where {"value": …} was asked for is read as it is.
                    errors.AddRange(JsonSchemaValidator.Validate(bare, root, options));
                }
            }
            else if (format.RulesCheck?.Matches(root) != true)
            {
                // Not accepted by the compiled rules (or not compiled): the full validator says what is wrong.
                errors.AddRange(JsonSchemaValidator.Validate(rules, root, options));
            }

            if (errors.Count > 0)
            {
                return false;
            }

            try
            {
                var result = root.Deserialize(format.TypeInfo);
                if (result is null)
                {
                    if (format.Nullable)
                    {
                        return true; // The declared type admits null, and the schema allowed it: "nothing found".
                    }

                    errors.Add($"$: null is not a {TypeName(typeof(T))}.");
                    return false;
                }

                value = result;
                return true;
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or NotSupportedException)
            {
                failure = exception;
                errors.Add(JsonFailure.NotReadable(exception, root, rootPath, TypeName(typeof(T)), redactor));
                return false;
            }
        }
    }

    /// <summary>A type's name as C# writes it in messages: <c>int?</c> rather than <c>Nullable`1</c>.</summary>
    /// <summary>A type as C# source writes it, without namespaces: <c>int?</c>, <c>List&lt;string&gt;</c>, <c>Person[]</c> (not <c>List`1</c>).</summary>
    internal static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        var keyword = Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.Byte => "byte",
            TypeCode.SByte => "sbyte",
            TypeCode.Int16 => "short",
            TypeCode.UInt16 => "ushort",
            TypeCode.Int32 => "int",
            TypeCode.UInt32 => "uint",
            TypeCode.Int64 => "long",
            TypeCode.UInt64 => "ulong",
            TypeCode.Single => "float",
            TypeCode.Double => "double",
            TypeCode.Decimal => "decimal",
            TypeCode.Char => "char",
            TypeCode.String => "string",
            _ => type == typeof(object) ? "object" : null,
        };
        if (keyword is not null && !type.IsEnum)
        {
            return keyword;
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`');
        return (tick < 0 ? name : name.Substring(0, tick)) + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }

    /// <summary>The repair request: the conversation so far, the bad reply, and a user message with its errors.</summary>
    private static ChatRequest Retry(ChatRequest original, ChatRequest current, string badReply, List<string> errors)
    {
        var text = new StringBuilder("Your reply does not match the required JSON format:\n");
        foreach (var error in errors)
        {
            text.Append("- ").Append(error).Append('\n');
        }

        text.Append("Reply again with the corrected JSON only.");

        // Every setting of the original request carries over; only the conversation grows.
        var next = original.ShallowCopy();
        next.Messages = new List<ChatMessage>(current.Messages) { ChatMessage.Assistant(badReply), ChatMessage.User(text.ToString()) };
        return next;
    }
}
