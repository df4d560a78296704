namespace PromptGen.Generator.Json;

/// <summary>How the schema builder's problems name a place (<see cref="JsonPaths"/>): "the reply", 'address.city', "each item of 'parts'".</summary>
internal sealed partial class SchemaBuilder
{
    private string _rootName = "";
    private const string Parameters = "the parameters";
    private string _rootPhrase = "the reply";

    /// <summary>The root's path name (what <c>Build</c> passes as the first path) and how messages call it.</summary>
    private void Root(string name, string phrase)
    {
        _rootName = name;
        _rootPhrase = phrase;
    }

    /// <summary>
    /// The phrase for an encoded path: under the root, its JSON path; under a recursive type's own definition (built
    /// apart, from the type's name), the path within every value of that type.
    /// </summary>
    private string Where(string path)
    {
        var (root, segments) = JsonPaths.Parse(path);
        if (_rootPhrase == Parameters && root == _rootName && segments.Count == 1)
        {
            return "parameter '" + segments[0] + "'";
        }

        return JsonPaths.Phrase(segments, root == _rootName ? _rootPhrase : $"every '{root}'");
    }
}
