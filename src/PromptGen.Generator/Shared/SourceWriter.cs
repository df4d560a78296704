using System.Text;

namespace PromptGen.Generator.Shared;

/// <summary>An indent-aware writer for generated source; lines end with '\n' so output is identical on every OS.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
            _builder.Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes a fixed block of lines (a raw string literal in the emitter) at the current indentation.</summary>
    public void Lines(string block)
    {
        foreach (var line in block.Split('\n'))
        {
            Line(line.TrimEnd('\r'));
        }
    }

    public void Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
    }

    public void Open()
    {
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public override string ToString() => _builder.ToString();
}
