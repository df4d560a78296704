using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Tools;

/// <summary>
/// Declarations that used to build cleanly and then fail or do nothing: each kind is a located error (or a named warning)
/// now. Id, severity, the exact text located and the message; each run also asserts the generated code compiles.
/// </summary>
public class ToolKindTests
{
    private static Task<string[]> Diagnose(string tools, string members = "", string types = "") =>
        CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + "using System.ComponentModel;\n" + CatalogHarness.Types + types + tools + """

            [PromptClient]
            public partial interface IPrompts
            {
            """ + members + "\n}\n");

    private static string Tools(string members) => "/// <summary>Tools.</summary>\n[PromptTools]\npublic interface ITools\n{\n" + members + "\n}\n";

    private const string Ask = """[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);""";

    private const string Later = """
        public sealed class Later { public System.Runtime.CompilerServices.TaskAwaiter<int> GetAwaiter() => Task.FromResult(1).GetAwaiter(); }

        """;

    [Fact]
    public async Task PG0063_ResultsTheDispatcherCannotAwaitOnceAndWriteAreReportedAtTheReturnType()
    {
        var d = await Diagnose(Tools("""
            /// <summary>A.</summary>
            Task<Task<string>> NestedTask();
            /// <summary>B.</summary>
            ValueTask<IAsyncEnumerable<int>> Numbers();
            /// <summary>C.</summary>
            Task<ValueTask<int>> Mixed();
            /// <summary>D.</summary>
            ValueTask<Task> Plain();
            /// <summary>E.</summary>
            Task<IAsyncEnumerator<int>> Cursor();
            /// <summary>F.</summary>
            IEnumerator<int> Walk();
            /// <summary>G.</summary>
            Task<System.Collections.IEnumerator> WalkLater();
            /// <summary>H.</summary>
            ChatStream<string> Chat();
            /// <summary>I.</summary>
            Task<PartialStream<Person>> Partials();
            /// <summary>J.</summary>
            Span<int> Slice();
            /// <summary>K.</summary>
            Later Custom();
            /// <summary>L.</summary>
            Task<Later> CustomLater();
            /// <summary>M.</summary>
            IAsyncEnumerable<string> Stream();
            """), Ask, Later);

        Assert.Equal(new[]
        {
            "PG0063 Error 'Task<Task<string>>': The result of tool 'NestedTask' cannot be sent to the model: 'Task<Task<string>>' is an awaitable inside an awaitable, and the dispatcher awaits only the outer one, so 'Task<string>' itself would be sent as JSON; await the inner one in the tool and return Task<T> of its result (Task for no result)",
            "PG0063 Error 'ValueTask<IAsyncEnumerable<int>>': The result of tool 'Numbers' cannot be sent to the model: 'ValueTask<IAsyncEnumerable<int>>' is a task of a stream, and a tool answers the model once; collect the items and return Task<List<int>>",
            "PG0063 Error 'Task<ValueTask<int>>': The result of tool 'Mixed' cannot be sent to the model: 'Task<ValueTask<int>>' is an awaitable inside an awaitable, and the dispatcher awaits only the outer one, so 'ValueTask<int>' itself would be sent as JSON; await the inner one in the tool and return Task<T> of its result (Task for no result)",
            "PG0063 Error 'ValueTask<Task>': The result of tool 'Plain' cannot be sent to the model: 'ValueTask<Task>' is an awaitable inside an awaitable, and the dispatcher awaits only the outer one, so 'Task' itself would be sent as JSON; await the inner one in the tool and return Task<T> of its result (Task for no result)",
            "PG0063 Error 'Task<IAsyncEnumerator<int>>': The result of tool 'Cursor' cannot be sent to the model: 'Task<IAsyncEnumerator<int>>' is a task of a stream, and a tool answers the model once; collect the items and return Task<List<int>>",
            "PG0063 Error 'IEnumerator<int>': The result of tool 'Walk' cannot be sent to the model: 'IEnumerator<int>' is an enumerator, which JSON cannot write; return a List<int> or an array",
            "PG0063 Error 'Task<System.Collections.IEnumerator>': The result of tool 'WalkLater' cannot be sent to the model: 'Task<IEnumerator>' is a task of an enumerator, which JSON cannot write; return a List<T> or an array",
            "PG0063 Error 'ChatStream<string>': The result of tool 'Chat' cannot be sent to the model: 'ChatStream<string>' is a stream, and a tool answers the model once; collect the items and return Task<List<string>>",
            "PG0063 Error 'Task<PartialStream<Person>>': The result of tool 'Partials' cannot be sent to the model: 'Task<PartialStream<Person>>' is a task of a stream, and a tool answers the model once; collect the items and return Task<List<Person>>",
            "PG0063 Error 'Span<int>': The result of tool 'Slice' cannot be sent to the model: 'Span<int>' is a ref struct, which cannot be boxed or written as JSON; return a string, an array or a record",
            "PG0063 Error 'Later': The result of tool 'Custom' cannot be sent to the model: 'Later' is awaitable but is not a Task or ValueTask, and the dispatcher awaits only those, so the awaitable itself would be sent as JSON; return Task<T> or ValueTask<T>",
            "PG0063 Error 'Task<Later>': The result of tool 'CustomLater' cannot be sent to the model: 'Task<Later>' is an awaitable inside an awaitable, and the dispatcher awaits only the outer one, so 'Later' itself would be sent as JSON; await the inner one in the tool and return Task<T> of its result (Task for no result)",
            "PG0063 Error 'IAsyncEnumerable<string>': The result of tool 'Stream' cannot be sent to the model: 'IAsyncEnumerable<string>' is a stream, and a tool answers the model once; collect the items and return Task<List<string>>",
        }, d);
    }

    [Fact]
    public async Task PG0063_PlainResultsAndTasksOfThemStayValid()
    {
        var d = await Diagnose(Tools("""
            /// <summary>A.</summary>
            Task<string> Text();
            /// <summary>B.</summary>
            ValueTask<List<int>> Numbers();
            /// <summary>C.</summary>
            ValueTask Nothing();
            /// <summary>D.</summary>
            int[] Array();
            """), Ask);

        Assert.Empty(d);
    }

    [Fact]
    public async Task PG0068_AnUndefinedToolChoiceModeIsReportedAtTheArgument()
    {
        var d = await Diagnose(Tools("/// <summary>Now.</summary>\nstring Now();"), """
            [UserPrompt("{{ q }}")] [ToolChoice((ToolChoiceMode)42)] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] [ToolChoice(ToolChoiceMode.None)] Task<string> QuietAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            """);

        Assert.Equal(new[]
        {
            "PG0068 Error '(ToolChoiceMode)42': The tool settings of 'AskAsync' cannot work: [ToolChoice] is (ToolChoiceMode)42, which is not a mode; use ToolChoiceMode.Auto, ToolChoiceMode.None or ToolChoiceMode.Required, or a function name",
        }, d);
    }

    [Fact]
    public async Task PG0037_AnUndefinedResponseFormatIsReportedAtTheArgumentOnAMethodAndOnTheInterface()
    {
        var method = await Diagnose("", """
            [ResponseFormat((ResponseFormatKind)9)] [UserPrompt("{{ q }}")] Task<Person> ExtractAsync(string q, CancellationToken cancellationToken = default);
            [ResponseFormat(ResponseFormatKind.Text)] [UserPrompt("{{ q }}")] Task<Person> PlainAsync(string q, CancellationToken cancellationToken = default);
            """);
        var owner = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + CatalogHarness.Types + """
            [PromptClient]
            [ResponseFormat((ResponseFormatKind)(-1))]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<Person> ExtractAsync(string q, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal(new[]
        {
            "PG0037 Error '(ResponseFormatKind)9': [ResponseFormat] of 'ExtractAsync' is (ResponseFormatKind)9, which is not a format; use ResponseFormatKind.JsonSchema, ResponseFormatKind.JsonObject or ResponseFormatKind.Text",
        }, method);
        Assert.Equal(new[] { "PG0037 Error '(ResponseFormatKind)(-1)': [ResponseFormat] of 'ExtractAsync' is (ResponseFormatKind)-1, which is not a format; use ResponseFormatKind.JsonSchema, ResponseFormatKind.JsonObject or ResponseFormatKind.Text" }, owner);
    }

    [Fact]
    public async Task PG0054_AnArrayOrCollectionOfToolsInterfacesIsReportedAtTheParameterInsteadOfPG0018()
    {
        var d = await Diagnose(Tools("/// <summary>Now.</summary>\nstring Now();"), """
            [UserPrompt("{{ q }}")] Task<string> ArrayAsync(string q, ITools[] many, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] Task<string> ListAsync(string q, List<ITools> many, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] Task<string> SequenceAsync(string q, IEnumerable<ITools> many, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] Task<string> ReadOnlyAsync(string q, IReadOnlyList<ITools>? many = null, CancellationToken cancellationToken = default);
            """);

        Assert.Equal(new[]
        {
            "PG0054 Error 'many': Tools parameter 'many' of 'ArrayAsync' cannot be used: 'ITools[]' holds several 'ITools', but a tools parameter is one [PromptTools] interface; declare it as 'ITools many', and to pass several tools interfaces, declare one parameter for each",
            "PG0054 Error 'many': Tools parameter 'many' of 'ListAsync' cannot be used: 'List<ITools>' holds several 'ITools', but a tools parameter is one [PromptTools] interface; declare it as 'ITools many', and to pass several tools interfaces, declare one parameter for each",
            "PG0054 Error 'many': Tools parameter 'many' of 'SequenceAsync' cannot be used: 'IEnumerable<ITools>' holds several 'ITools', but a tools parameter is one [PromptTools] interface; declare it as 'ITools many', and to pass several tools interfaces, declare one parameter for each",
            "PG0054 Error 'many': Tools parameter 'many' of 'ReadOnlyAsync' cannot be used: 'IReadOnlyList<ITools>?' holds several 'ITools', but a tools parameter is one [PromptTools] interface; declare it as 'ITools many', and to pass several tools interfaces, declare one parameter for each",
        }, d);
    }

    [Fact]
    public async Task PG0055_NamesTheDefaultBodiedAndStaticMethodsItSkipped()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Not a tool.</summary>
            string WithDefaultBody() => "x";
            /// <summary>Not a tool either.</summary>
            static string Helper() => "y";
            """), Ask);

        Assert.Equal(new[]
        {
            "PG0055 Warning 'ITools': Tools interface 'ITools' has no methods the model could call, so it adds no tools and no 'tools' are sent for it; 'WithDefaultBody' has a body and 'Helper' is static, and only methods without a body are tools; remove the body (or 'static') of each one the model should call, or remove [PromptTools]",
        }, d);
    }

    [Fact]
    public async Task DefaultBodiedHelpersBesideToolsAreNotReported()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Now.</summary>
            string Now();
            /// <summary>A helper.</summary>
            string Today() => Now().Substring(0, 10);
            """), Ask);

        Assert.Empty(d);
    }
}
