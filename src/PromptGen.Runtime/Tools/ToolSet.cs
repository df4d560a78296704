using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// The tools of one <c>[PromptTools]</c> interface over an implementation. PromptGen generates a subclass per interface
/// (<c>WeatherToolsDispatcher</c>) whose argument parsing is written at build time; no reflection runs at call time. Test
/// a tools implementation alone with <see cref="InvokeAsync"/>.
/// </summary>
/// <remarks>
/// A name no tool has is answered in two ways, by who asks. The model asking inside a <see cref="ToolLoop"/> gets a
/// failed <see cref="ToolResult"/> as its <c>tool</c> message (<c>Error: there is no tool named 'x'. The tools are: …</c>),
/// so that it can call a tool it has; the loop goes on. A direct caller of <see cref="InvokeAsync"/> made a programming
/// error, so it gets an <see cref="ArgumentException"/> naming the tools of the set. Names are matched exactly
/// (ordinal), as the model sees them in <see cref="Definitions"/>.
/// </remarks>
public abstract class ToolSet
{
    private readonly IReadOnlyList<ToolDefinition> _definitions;

    /// <summary>Creates the set over its build-time definitions, in the order <see cref="InvokeCoreAsync"/> numbers them.</summary>
    protected ToolSet(IReadOnlyList<ToolDefinition> definitions) =>
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));

    /// <summary>The tools, as the model sees them.</summary>
    public IReadOnlyList<ToolDefinition> Definitions => _definitions;

    /// <summary>The index of the tool named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string? name)
    {
        for (var i = 0; i < _definitions.Count; i++)
        {
            if (string.Equals(_definitions[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Runs the tool <paramref name="name"/> with <paramref name="arguments"/> (JSON text, as the model sends it) and
    /// returns what goes back to the model. Arguments that do not parse or do not fit the schema, and an exception of the
    /// tool, become a failed result that says what went wrong; an exception of a tool marked
    /// <c>[RethrowToolExceptions]</c> and every <see cref="OperationCanceledException"/> propagate instead.
    /// </summary>
    /// <param name="name">The tool's name as the model sees it (<see cref="ToolDefinition.Name"/>, matched exactly).</param>
    /// <param name="arguments">The arguments as JSON text; null or blank for none (<c>{}</c>).</param>
    /// <param name="cancellationToken">Passed to the tool.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// No tool of this set is named <paramref name="name"/>; the message lists the set's tools. (Inside a
    /// <see cref="ToolLoop"/> the model's unknown name is a failed result sent back to the model instead.)
    /// </exception>
    public Task<ToolResult> InvokeAsync(string name, string? arguments, CancellationToken cancellationToken = default)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var index = IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException(
                $"No tool of {GetType().Name} is named '{name}'. Its tools are: {ToolNames(new[] { this })}. Pass one of these names, exactly as the model sees it (ToolSet.Definitions).",
                nameof(name));
        }

        return InvokeToolAsync(index, arguments, cancellationToken);
    }

    /// <summary>The names of every tool of <paramref name="sets"/>, in order, comma-separated (for messages).</summary>
    internal static string ToolNames(IEnumerable<ToolSet> sets)
    {
        var names = new List<string>();
        foreach (var set in sets)
        {
            foreach (var definition in set._definitions)
            {
                names.Add(definition.Name);
            }
        }

        return string.Join(", ", names);
    }

    private async Task<ToolResult> InvokeToolAsync(int index, string? arguments, CancellationToken cancellationToken)
    {

        var definition = _definitions[index];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments!);
        }
        catch (JsonException exception)
        {
            var described = JsonFailure.NotJson("The arguments string", exception, arguments);
            return Failure($"Error: the arguments of {definition.Name} are not valid JSON. {described} Call {definition.Name} again with a JSON object of its parameters.", null);
        }

        using (document)
        {
            var root = document.RootElement;
            var errors = JsonSchemaValidator.ValidateArguments(definition.Rules, root);
            if (errors.Count > 0)
            {
                return Failure($"Error: the arguments of {definition.Name} do not fit its parameters: {string.Join(" ", errors)} Call {definition.Name} again with corrected arguments.", null);
            }

            try
            {
                var content = await InvokeCoreAsync(index, root, cancellationToken).ConfigureAwait(false);
                return new ToolResult(content, failed: false, exception: null);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (ToolArgumentException exception)
            {
                return Failure($"Error: the arguments of {definition.Name} do not fit its parameters: {exception.Message} Call {definition.Name} again with corrected arguments.", exception);
            }
            catch (Exception exception) when (!definition.RethrowsExceptions)
            {
                return Failure($"Error: {definition.Name} failed: {exception.Message}", exception);
            }
        }
    }

    /// <summary>Invokes tool number <paramref name="tool"/> with arguments already checked against its schema; returns the result text.</summary>
    /// <exception cref="ToolArgumentException">An argument cannot be read as its parameter's type.</exception>
    protected abstract ValueTask<string> InvokeCoreAsync(int tool, JsonElement arguments, CancellationToken cancellationToken);

    private static ToolResult Failure(string message, Exception? exception) => new(message, failed: true, exception);
}

/// <summary>An argument of a tool call cannot be read as its parameter's type; the message goes back to the model.</summary>
public sealed class ToolArgumentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ToolArgumentException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
