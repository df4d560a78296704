using System.Diagnostics.CodeAnalysis;
using PromptGen.Testing;
using Xunit;

namespace PromptGen.Runtime.Tests.Streaming;

public class StreamReplyTests
{
    public sealed class Person
    {
        public required string Name { get; init; }

        public int Age { get; init; }
    }

    private const string PersonSchema = """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}""";
    private const string PersonRules = """{"type":"object","properties":{"name":{"type":"string","minLength":1},"age":{"type":"integer","minimum":0,"maximum":150}},"required":["name","age"],"additionalProperties":false}""";

    private static readonly ChatUsage Usage = new() { PromptTokens = 10, CompletionTokens = 20, TotalTokens = 30 };

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<Person> Items(int maxRetries = 0) => JsonReplyFormat<Person>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, true, "PersonItems",
        """{"type":"object","properties":{"items":{"type":"array","items":""" + PersonSchema + """}},"required":["items"],"additionalProperties":false}""",
        """{"type":"object","properties":{"items":{"type":"array","items":""" + PersonRules + """}},"required":["items"],"additionalProperties":false}""",
        false, false, maxRetries);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<Person> Whole(int maxRetries = 0) => JsonReplyFormat<Person>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, true, "Person", PersonSchema, PersonRules, false, false, maxRetries);

    private static ChatRequest Request() => new() { Messages = new List<ChatMessage> { ChatMessage.User("people?") }, Stream = true, StreamOptions = new ChatStreamOptions { IncludeUsage = true } };

    private static string[] Pieces(string text, int size) =>
        Enumerable.Range(0, (text.Length + size - 1) / size).Select(i => text.Substring(i * size, Math.Min(size, text.Length - (i * size)))).ToArray();

    [Fact]
    public async Task ItemsAndResultAfterTheEnd()
    {
        var transport = new ScriptedTransport().Stream(Pieces("""{"items":[{"name":"Ann","age":30},{"name":"Bo","age":4}]}""", 5), "stop", Usage);
        var stream = PromptReply.StreamItems(transport, Request(), Items());

        Assert.False(stream.IsCompleted);
        var early = Assert.Throws<InvalidOperationException>(() => stream.Result);
        Assert.StartsWith("The stream's Result is known once the stream has been read to its end", early.Message);

        var people = new List<string>();
        await foreach (var person in stream)
        {
            people.Add(person.Name + ":" + person.Age);
        }

        Assert.Equal(new[] { "Ann:30", "Bo:4" }, people);
        var result = stream.Result;
        Assert.Equal("stop", result.FinishReason);
        Assert.False(result.IsTruncated);
        Assert.Same(Usage, result.Usage);
        Assert.Equal("chatcmpl-scripted", result.Id);
        Assert.Equal(ScriptedTransport.DefaultModel, result.Model);
        Assert.Equal(1 + 12 + 1 + 1, result.Chunks); // role chunk, 12 content pieces, finish chunk, usage chunk
        Assert.NotNull(result.TimeToFirstChunk);
        Assert.Equal("""{"items":[{"name":"Ann","age":30},{"name":"Bo","age":4}]}""", result.Text);
    }

    [Fact]
    public async Task AStreamThatFailsMidwayMarksTheMethodsSpanFailed()
    {
        var method = new PromptMethod("Demo.IPeople", "StreamFailingAsync", "00000000abcd");
        var ended = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "PromptGen",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (ended)
                {
                    ended.Add(activity);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var transport = new ScriptedTransport().Stream(Pieces("""{"items":[{"name":"Ann","age":30},{"name":"Bo","age":200}]}""", 5), "stop", Usage);
        var request = Request();
        request.PromptMethod = method;

        await Assert.ThrowsAsync<PromptItemException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(transport, request, Items()))
            {
            }
        });

        System.Diagnostics.Activity span;
        lock (ended)
        {
            span = Assert.Single(ended, a => a.DisplayName == "Demo.IPeople.StreamFailingAsync");
        }

        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, span.Status);
        Assert.Equal("PromptGen.PromptItemException", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task AnInvalidItemIsATypedErrorNamingItsIndexAfterTheItemsBeforeIt()
    {
        var transport = new ScriptedTransport().Stream(Pieces("""{"items":[{"name":"Ann","age":30},{"name":"Bo","age":200},{"name":"Cy","age":1}]}""", 3), "stop", Usage);
        var people = new List<string>();

        var exception = await Assert.ThrowsAsync<PromptItemException>(async () =>
        {
            await foreach (var person in PromptReply.StreamItems(transport, Request(), Items()))
            {
                people.Add(person.Name);
            }
        });

        Assert.Equal(new[] { "Ann" }, people);
        Assert.Equal(1, exception.Index);
        Assert.Equal("""{"name":"Bo","age":200}""", exception.Item);
        Assert.Equal(new[] { "$.items[1].age: 200 is more than the maximum 150." }, exception.Errors);
        Assert.Equal(
            """Item 1 of the streamed reply does not fit Person: $.items[1].age: 200 is more than the maximum 150. Received '{"name":"Bo","age":200}'. Items are checked as they arrive and not repaired mid-stream; the 1 item(s) before it were yielded.""",
            exception.Message);
        Assert.StartsWith("""{"items":[{"name":"Ann","age":30},{"name":"Bo","age":200}""", exception.RawReply); // up to the piece that closed the item
    }

    [Fact]
    public async Task ACutOffJsonStreamIsTruncatedWithWhatWasReceived()
    {
        var transport = new ScriptedTransport().Stream(new[] { """{"items":[{"name":"Ann","age":30},""", """{"name":"B""" }, "length", Usage);
        var people = new List<string>();

        var exception = await Assert.ThrowsAsync<PromptTruncatedException>(async () =>
        {
            await foreach (var person in PromptReply.StreamItems(transport, Request(), Items()))
            {
                people.Add(person.Name);
            }
        });

        Assert.Equal(new[] { "Ann" }, people);
        Assert.Equal("""{"items":[{"name":"Ann","age":30},{"name":"B""", exception.RawReply);
        Assert.Equal("length", exception.FinishReason);
        Assert.Same(Usage, exception.Usage);
        Assert.Equal(
            """The streamed reply was cut off by the token limit (finish_reason 'length') before its JSON was complete; received '{"items":[{"name":"Ann","age":30},{"name":"B'. Raise [MaxTokens] or ask for fewer or shorter items.""",
            exception.Message);
    }

    [Fact]
    public async Task AStreamThatStopsBeforeItsJsonEndsOrHasNoItemsIsAFormatError()
    {
        var early = new ScriptedTransport().Stream(new[] { """{"items":[{"name":"Ann","age":30}""" }, "stop", Usage);
        var exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(early, Request(), Items()))
            {
            }
        });
        Assert.Equal("""The streamed reply ended (finish_reason 'stop') before its JSON was complete, after 1 item(s); received '{"items":[{"name":"Ann","age":30}'.""", exception.Message);

        var other = new ScriptedTransport().Stream(new[] { """{"people":[]}""" }, "stop", Usage);
        exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(other, Request(), Items()))
            {
            }
        });
        Assert.Equal("""The streamed reply has no "items" array, so it holds no items; received '{"people":[]}'.""", exception.Message);

        var prose = new ScriptedTransport().Stream(new[] { "I'm sorry, I can't." }, "stop", Usage);
        exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(prose, Request(), Items()))
            {
            }
        });
        Assert.Equal("""The reply must be a JSON object with an "items" array ({"items": [ … ]}), but it is text that is not JSON; received 'I'm sorry, I can't.'.""", exception.Message);
    }

    [Theory]
    [InlineData("42", "a number")]
    [InlineData("\"people\"", "a string")]
    [InlineData("true", "a boolean")]
    [InlineData("null", "null")]
    public async Task ARootThatIsNotAnObjectSaysTheRootMustBeAnObjectWithItems(string reply, string what)
    {
        var transport = new ScriptedTransport().Stream(new[] { reply }, "stop", Usage);

        var exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(transport, Request(), Items()))
            {
            }
        });

        Assert.Equal($$"""The reply must be a JSON object with an "items" array ({"items": [ … ]}), but it is {{what}}; received '{{reply}}'.""", exception.Message);
        Assert.Equal(reply, exception.RawReply);
    }

    [Theory]
    [InlineData("""{"items":[]} garbage""", "")]
    [InlineData("""{"items":[{"name":"Ann","age":30}]}""", " and more")]
    [InlineData("{\"items\":[{\"name\":\"Ann\",\"age\":30}]}\n```\n", "Hope this helps!")]
    public async Task AnythingButWhitespaceOrAClosingFenceAfterTheRootIsAFormatError(string first, string second)
    {
        var pieces = second.Length == 0 ? new[] { first } : new[] { first, second };
        var transport = new ScriptedTransport().Stream(pieces, "stop", Usage);

        var exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(transport, Request(), Items()))
            {
            }
        });

        var received = string.Concat(pieces);
        Assert.Equal($"""The reply has more after its JSON object (the one with "items"), where nothing may follow; received '{received}'.""", exception.Message);
        Assert.Equal(received, exception.RawReply);
    }

    [Fact]
    public async Task WhitespaceAndAClosingFenceAfterTheRootAreAccepted()
    {
        var transport = new ScriptedTransport().Stream(new[] { "```json\n", """{"items":[{"name":"Ann","age":30}]}""", "\n``", "`\n  " }, "stop", Usage);
        var people = new List<string>();
        await foreach (var person in PromptReply.StreamItems(transport, Request(), Items()))
        {
            people.Add(person.Name);
        }

        Assert.Equal(new[] { "Ann" }, people);
    }

    [Fact]
    public async Task AStreamThatEndsEarlyWithoutAFinishReasonSaysSoRatherThanNamingOne()
    {
        var items = new ScriptedTransport().Stream(new[] { """{"items":[{"name":"Ann","age":30}""" }, null!, Usage);
        var whole = new ScriptedTransport().Stream(new[] { """{"name":"Ann",""" }, null!, Usage);

        var itemsError = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(items, Request(), Items()))
            {
            }
        });
        var wholeError = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamPartials(whole, Request(), Whole()))
            {
            }
        });

        Assert.Equal("""The streamed reply ended (no finish_reason) before its JSON was complete, after 1 item(s); received '{"items":[{"name":"Ann","age":30}'.""", itemsError.Message);
        Assert.Null(itemsError.FinishReason);
        Assert.Equal("""The streamed reply ended (no finish_reason) before its JSON object was complete, after 1 property; received '{"name":"Ann",'.""", wholeError.Message);
    }

    [Fact]
    public async Task APartialStreamWithMoreAfterItsObjectIsAFormatError()
    {
        var transport = new ScriptedTransport().Stream(new[] { """{"name":"Ann","age":30}""", " {\"name\":\"Bo\"}" }, "stop", Usage);

        var exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamPartials(transport, Request(), Whole()))
            {
            }
        });

        Assert.Equal("""The reply has more after its JSON object, where nothing may follow; received '{"name":"Ann","age":30} {"name":"Bo"}'.""", exception.Message);
    }

    private static readonly PromptMethod Method = new("Demo.IPeople", "PeopleAsync", "0123456789ab");

    // 10 prompt tokens at $1 and 20 completion tokens at $2 per million: $0.00005 a request.
    private static ScriptedTransport Priced() => new(new ChatClientOptions(static _ => null)
    {
        Model = ScriptedTransport.DefaultModel,
        Prices = new PriceTable().Set(ScriptedTransport.DefaultModel, new ModelPrice(1m, null, 2m)),
    });

    private static ChatRequest MethodRequest()
    {
        var request = Request();
        request.PromptMethod = Method;
        return request;
    }

    [Fact]
    public async Task EveryStreamResultCarriesItsCostAndPromptVersionAsChatResultDoes()
    {
        var text = PromptReply.StreamTextResult(Priced().Stream(new[] { "Hi", " there" }, "stop", Usage), MethodRequest());
        await foreach (var _ in text)
        {
        }

        var items = PromptReply.StreamItems(Priced().Stream(new[] { """{"items":[{"name":"Ann","age":30}]}""" }, "stop", Usage), MethodRequest(), Items());
        await foreach (var _ in items)
        {
        }

        var partials = PromptReply.StreamPartials(Priced().Stream(new[] { """{"name":"Ann","age":30}""" }, "stop", Usage), MethodRequest(), Whole());
        await foreach (var _ in partials)
        {
        }

        foreach (var result in new[] { text.Result, items.Result, partials.Result })
        {
            Assert.Equal(0.00005m, result.Cost);
            Assert.Equal("0123456789ab", result.PromptVersion);
        }
    }

    [Fact]
    public async Task AStreamWithoutAPricedUsageChunkOrPromptMethodHasNeither()
    {
        var stream = PromptReply.StreamTextResult(Priced().Stream(new[] { "Hi" }, "stop", usage: null), Request());
        await foreach (var _ in stream)
        {
        }

        Assert.Null(stream.Result.Cost);
        Assert.Null(stream.Result.PromptVersion);
    }

    [Fact]
    public async Task APartialStreamsCostAndUsageIncludeItsRepairRequests()
    {
        var transport = Priced()
            .Stream(new[] { """{"name":"Ann","age":300}""" }, "stop", Usage)
            .Reply("""{"name":"Ann","age":30}""", usage: Usage);
        var stream = PromptReply.StreamPartials(transport, MethodRequest(), Whole(maxRetries: 1));
        await foreach (var _ in stream)
        {
        }

        Assert.Equal(2, stream.Attempts);
        Assert.Equal(0.0001m, stream.Result.Cost);
        Assert.Equal(60, stream.Result.Usage!.TotalTokens);
        Assert.Equal("0123456789ab", stream.Result.PromptVersion);
    }

    [Fact]
    public async Task FakesCanScriptAStreamResultWithCostAndPromptVersion()
    {
        var result = new ChatStreamResult("ab", "stop", Usage, "id-1", "m", 3, null, 0.25m, "00000000abcd");
        var stream = ChatStream<string>.FromValues(new[] { "a", "b" }, result);
        await foreach (var _ in stream)
        {
        }

        Assert.Equal(0.25m, stream.Result.Cost);
        Assert.Equal("00000000abcd", stream.Result.PromptVersion);
        var plain = new ChatStreamResult("ab", "stop", Usage, "id-1", "m", 3, null);
        Assert.Null(plain.Cost);
        Assert.Null(plain.PromptVersion);
    }

    [Fact]
    public async Task ATextStreamCutOffByTheTokenLimitIsDetectableWithoutParsingText()
    {
        var transport = new ScriptedTransport().Stream(new[] { "Once upon", " a" }, "length", Usage);
        var stream = PromptReply.StreamTextResult(transport, Request());
        var text = new List<string>();
        await foreach (var delta in stream)
        {
            text.Add(delta);
        }

        Assert.Equal(new[] { "Once upon", " a" }, text);
        Assert.True(stream.Result.IsTruncated);
        Assert.Equal("length", stream.Result.FinishReason);
        Assert.Equal("Once upon a", stream.Result.Text);
        Assert.Same(Usage, stream.Result.Usage);
    }

    [Fact]
    public async Task PartialsGrowPropertyByPropertyAndTheValueIsValidatedAtTheEnd()
    {
        var transport = new ScriptedTransport().Stream(Pieces("""{"name":"Ann","age":30}""", 4), "stop", Usage);
        var stream = PromptReply.StreamPartials(transport, Request(), Whole());
        var snapshots = new List<string>();
        await foreach (var partial in stream)
        {
            snapshots.Add(partial.ToString());
        }

        Assert.Equal(new[] { """{"name":"Ann"}""", """{"name":"Ann","age":30}""" }, snapshots);
        Assert.Equal("Ann", stream.Value.Name);
        Assert.Equal(30, stream.Value.Age);
        Assert.Equal(1, stream.Attempts);
        Assert.Equal("stop", stream.Result.FinishReason);
    }

    [Fact]
    public async Task APartialSnapshotReadsCompletePropertiesOnly()
    {
        var transport = new ScriptedTransport().Stream(new[] { """{"name":"Ann","ag""", "e\":30}" }, "stop", Usage);
        var snapshots = new List<Partial<Person>>();
        await foreach (var partial in PromptReply.StreamPartials(transport, Request(), Whole()))
        {
            snapshots.Add(partial);
        }

        var first = snapshots[0];
        Assert.True(first.Has("name"));
        Assert.True(first.TryGet<string>("name", out var name));
        Assert.Equal("Ann", name);
        Assert.False(first.TryGet<int>("age", out _));
        Assert.Equal("name", first.Latest);
        Assert.True(snapshots[1].TryGet<int>("AGE", out var age)); // the web defaults read names in any case
        Assert.Equal(30, age);
    }

    [Fact]
    public async Task AnInvalidFinalValueIsRepairedWithANonStreamedRequest()
    {
        var transport = new ScriptedTransport()
            .Stream(new[] { """{"name":"Ann","age":300}""" }, "stop", Usage)
            .Reply("""{"name":"Ann","age":30}""", usage: Usage);
        var stream = PromptReply.StreamPartials(transport, Request(), Whole(maxRetries: 1));
        await foreach (var _ in stream)
        {
        }

        Assert.Equal(30, stream.Value.Age);
        Assert.Equal(2, stream.Attempts);
        Assert.Equal(2, transport.Requests.Count);
        Assert.DoesNotContain("\"stream\"", transport.Requests[1].Body);
        Assert.Contains("$.age: 300 is more than the maximum 150.", transport.Requests[1].Body);
    }

    [Fact]
    public async Task AnInvalidFinalValueWithoutRepairThrowsAtTheEnd()
    {
        var transport = new ScriptedTransport().Stream(new[] { """{"name":"Ann","age":300}""" }, "stop", Usage);
        var stream = PromptReply.StreamPartials(transport, Request(), Whole());
        var exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in stream)
            {
            }
        });

        Assert.Equal(new[] { "$.age: 300 is more than the maximum 150." }, exception.Errors);
        Assert.Throws<InvalidOperationException>(() => stream.Value);
    }

    [Fact]
    public async Task FakesCanScriptAStreamWithItsResult()
    {
        var result = new ChatStreamResult("[]", "length", Usage, "id-1", "m", 3, TimeSpan.FromMilliseconds(5));
        var stream = ChatStream<string>.FromValues(new[] { "a", "b" }, result);
        var seen = new List<string>();
        await foreach (var value in stream)
        {
            seen.Add(value);
        }

        Assert.Equal(new[] { "a", "b" }, seen);
        Assert.Same(result, stream.Result);
        Assert.True(stream.Result.IsTruncated);
    }

    [Fact]
    public async Task FakesCanScriptPartialSnapshotsFromAFinalValue()
    {
        var result = new ChatStreamResult("", "stop", Usage, "id-1", "m", 2, null);
        var person = new Person { Name = "Ann", Age = 30 };
        var stream = PartialStream<Person>.FromValue(person, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Person>)Whole().TypeInfo, result);
        var seen = new List<string>();
        await foreach (var partial in stream)
        {
            seen.Add(partial.ToString());
        }

        Assert.Equal(new[] { """{"name":"Ann"}""", """{"name":"Ann","age":30}""" }, seen);
        Assert.Same(person, stream.Value);
        Assert.Same(result, stream.Result);
    }
}
