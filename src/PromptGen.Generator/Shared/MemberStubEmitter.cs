
namespace PromptGen.Generator.Shared;

/// <summary>Writes the throwing explicit implementations of members PromptGen cannot implement (PG0012), so the generated class still compiles.</summary>
internal static class MemberStubEmitter
{
    public static void Emit(SourceWriter w, InterfaceSpec spec)
    {
        foreach (var stub in spec.MemberStubs)
        {
            var message = $"PromptGen cannot implement {spec.Name}.{stub.Name}: a prompt interface implements its own methods only. See the PromptGen error reported for this member.";
            var @throw = "throw new global::System.NotSupportedException(" + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(message, quote: true) + ")";
            var prefix = stub.IsStatic ? "static " : "";
            w.Line();
            switch (stub.Kind)
            {
                case MemberStubKind.Method:
                    w.Line($"{prefix}{stub.Type} {stub.Owner}.{stub.Name}({stub.Parameters}) =>");
                    w.Line($"    {@throw};");
                    break;
                case MemberStubKind.Event:
                    w.Open($"{prefix}event {stub.Type} {stub.Owner}.{stub.Name}");
                    w.Line($"add => {@throw};");
                    w.Line($"remove => {@throw};");
                    w.Close();
                    break;
                default:
                    var name = stub.Kind == MemberStubKind.Indexer ? "this[" + stub.Parameters + "]" : stub.Name;
                    w.Open($"{prefix}{stub.Type} {stub.Owner}.{name}");
                    foreach (var accessor in stub.Accessors)
                    {
                        w.Line($"{accessor} => {@throw};");
                    }

                    w.Close();
                    break;
            }
        }
    }
}
