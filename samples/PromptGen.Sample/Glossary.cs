namespace PromptGen.Sample;

/// <summary>Application code that depends on <see cref="ITutor"/>: what the sample's tests test with a fake tutor.</summary>
public sealed class Glossary
{
    private readonly ITutor _tutor;

    /// <summary>Creates a glossary that asks <paramref name="tutor"/> for its explanations.</summary>
    public Glossary(ITutor tutor) => _tutor = tutor ?? throw new ArgumentNullException(nameof(tutor));

    /// <summary>
    /// Explains each term once (ignoring case), in alphabetical order, as "- term: explanation" lines. A term the tutor
    /// cannot explain right now (the endpoint failed) is listed as "(unavailable)" instead of failing the whole glossary.
    /// </summary>
    public async Task<string> BuildAsync(IEnumerable<string> terms, int maxWords = 20, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        foreach (var term in terms.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            string explanation;
            try
            {
                explanation = (await _tutor.ExplainAsync(term, maxWords, cancellationToken)).Trim();
            }
            catch (ChatApiException)
            {
                explanation = "(unavailable)";
            }

            lines.Add($"- {term}: {explanation}");
        }

        return string.Join("\n", lines);
    }
}
