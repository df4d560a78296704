using System.Linq;
using PromptGen.Generator.Model;

namespace PromptGen.Generator;

/// <summary>Writes the throwing explicit implementations of members PromptGen cannot implement (PG0012), so the generated class still compiles.</summary>
internal static class MemberStubEmitter
{
    public static void Emit(SourceWriter w, InterfaceSpec spec)
    {
        foreach (var stub in spec.MemberStubs)
        {
            var message = $"PromptGen cannot implement {spec.Name}.{stub.Name}: a [PromptClient] interface implements its own methods only. See the PromptGen error reported for this member.";
            var @throw = "throw new global::System.NotSupportedException(" + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(message, quote: true) + ")";
            var prefix = stub.IsStatic ? "static " : "";
            w.Line();
            switch (stub.Kind)
            {
                case MemberStubKind.Method:
                    w.Line($"{prefix}{stub.Type} {stub.Owner}.{stub.Name}({stub.Parameters}) => {@throw};");
                    break;
                case MemberStubKind.Event:
                    w.Line($"{prefix}event {stub.Type} {stub.Owner}.{stub.Name} {{ add => {@throw}; remove => {@throw}; }}");
                    break;
                default:
                    var name = stub.Kind == MemberStubKind.Indexer ? "this[" + stub.Parameters + "]" : stub.Name;
                    var accessors = string.Join(" ", stub.Accessors.Select(a => $"{a} => {@throw};"));
                    w.Line($"{prefix}{stub.Type} {stub.Owner}.{name} {{ {accessors} }}");
                    break;
            }
        }
    }
}
