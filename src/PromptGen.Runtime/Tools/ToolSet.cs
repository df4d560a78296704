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
    /// <exception cref="ArgumentException">No tool of this set is named <paramref name="name"/>.</exception>
    public async Task<ToolResult> InvokeAsync(string name, string? arguments, CancellationToken cancellationToken = default)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException($"No tool of {GetType().Name} is named '{name}'.", nameof(name));
        }

        var definition = _definitions[index];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments!);
        }
        catch (JsonException exception)
        {
            return Failure($"Error: the arguments of {definition.Name} are not valid JSON ({exception.Message}). Call {definition.Name} again with a JSON object of its parameters.", null);
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
