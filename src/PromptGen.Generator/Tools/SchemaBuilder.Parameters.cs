using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>One property of a parameter-list schema: a tool method's parameter.</summary>
internal sealed record SchemaParameter(IParameterSymbol Symbol, string JsonName, string? Description, bool Optional);

internal sealed partial class SchemaBuilder
{
    /// <summary>
    /// What a type System.Text.Json reads no member of means where it sits: a reply the model can only ever send as
    /// <c>{}</c>, or a tool parameter the tool always receives empty (PG0062 spoke of replies there too).
    /// </summary>
    private string EmptyConsequence => _rootPhrase == Parameters
        ? "so the tool would always receive it empty; take a record with properties"
        : "so every reply would come back empty; return a record with properties";

    /// <summary>
    /// The schema of a tool method's parameter list: an object with one property per parameter, each built as a return
    /// type's members are (same contract, DataAnnotations on the parameter, its description). In strict mode every
    /// parameter is required and an optional one also allows null (the dispatcher then uses its default); otherwise
    /// optional parameters are left out of <c>required</c>. A list without parameters is
    /// <c>{"type":"object","properties":{},"required":[],"additionalProperties":false}</c>.
    /// <paramref name="owners"/> holds, for each of the result's problems, the index of the parameter it belongs to, so
    /// that it can be reported there.
    /// </summary>
    public static SchemaResult BuildParameters(string method, IReadOnlyList<SchemaParameter> parameters, SchemaSettings settings, out List<int> owners)
    {
        owners = new List<int>();
        var builder = new SchemaBuilder(settings);
        builder.Root(method, Parameters);
        var properties = new SchemaNode();
        var required = new List<object>();
        for (var index = 0; index < parameters.Count; index++)
        {
            var parameter = parameters[index];
            var type = parameter.Symbol.Type;
            builder._visiting.Clear();
            var schema = builder.Schema(type, method + JsonPaths.Member + parameter.Symbol.Name, 2, member: null);
            DataAnnotations.Apply(parameter.Symbol, type, schema);
            if (parameter.Description is { } description && schema.Get("$ref") is null)
            {
                schema.Set("description", description);
            }

            if (parameter.Optional && settings.Strict && !JsonContract.Of(type, settings.Options).IsNullable)
            {
                schema = Nullable(schema);
            }

            properties.Set(parameter.JsonName, schema);
            while (owners.Count < builder._problems.Count)
            {
                owners.Add(index);
            }

            if (settings.Strict || !parameter.Optional)
            {
                required.Add(parameter.JsonName);
            }
        }

        var root = new SchemaNode()
            .Set("type", "object")
            .Set("properties", properties)
            .Set("required", required)
            .Set("additionalProperties", false);

        var definitions = new SchemaNode();
        var defined = new HashSet<string>(System.StringComparer.Ordinal);
        while (System.Linq.Enumerable.FirstOrDefault(builder._recursive, r => !defined.Contains(r.Value)) is { Key: not null } next)
        {
            defined.Add(next.Value);
            builder._visiting.Add(next.Key);
            definitions.Set(next.Value, builder.ObjectOrPolymorphic(next.Key, next.Key.Name, 1));
            builder._visiting.RemoveAt(builder._visiting.Count - 1);
        }

        while (owners.Count < builder._problems.Count)
        {
            owners.Add(parameters.Count - 1); // a problem found while defining a recursive type: the last parameter's
        }

        if (System.Linq.Enumerable.Any(definitions.Entries))
        {
            root.Set("$defs", definitions);
        }

        return new SchemaResult(root, wrapped: false, nullable: false, builder._problems);
    }
}
