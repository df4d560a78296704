using System.Reflection;
using System.Text;
using PromptGen.Runtime.Tests.Wire;
using Xunit;

namespace PromptGen.Runtime.Tests;

/// <summary>
/// The runtime's public surface, checked in as Goldens/PublicApi.txt: a change to public API shows up in review as a
/// change to that file (accept it with PROMPTGEN_ACCEPT=1), and a test fails when a public member lacks XML docs.
/// </summary>
public class PublicApiTests
{
    private static readonly Assembly Runtime = typeof(ChatClient).Assembly;

    [Fact]
    public void PublicApiMatchesTheCheckedInListing()
    {
        Golden.Verify("PublicApi.txt", Listing());
    }

    [Fact]
    public void EveryPublicTypeAndMemberHasXmlDocs()
    {
        var xml = Path.ChangeExtension(Runtime.Location, ".xml");
        Assert.True(File.Exists(xml), $"{xml} is missing: the runtime must generate its documentation file.");
        var documented = System.Xml.Linq.XDocument.Load(xml).Descendants("member")
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);

        var missing = Runtime.GetExportedTypes()
            .Select(t => "T:" + t.FullName!.Replace('+', '.'))
            .Where(id => !documented.Contains(id))
            .ToList();

        Assert.Empty(missing);
    }

    private static string Listing()
    {
        var text = new StringBuilder();
        foreach (var type in Runtime.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(Name(type));
            var bases = new List<string>();
            if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
            {
                bases.Add(Name(baseType));
            }

            bases.AddRange(type.GetInterfaces().Select(Name).OrderBy(n => n, StringComparer.Ordinal));
            if (bases.Count > 0)
            {
                text.Append(" : ").Append(string.Join(", ", bases));
            }

            text.Append('\n');
            foreach (var member in Members(type).OrderBy(m => m, StringComparer.Ordinal))
            {
                text.Append("    ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return field.Name + " = " + Convert.ToInt64(field.GetRawConstantValue());
            }

            yield break;
        }

        foreach (var member in type.GetMembers(flags))
        {
            switch (member)
            {
                case ConstructorInfo ctor when Visible(ctor):
                    yield return (ctor.IsStatic ? "static " : "") + "ctor(" + Parameters(ctor) + ")";
                    break;
                case MethodInfo method when Visible(method) && !method.IsSpecialName:
                    yield return Modifiers(method) + Name(method.ReturnType) + " " + method.Name
                        + (method.IsGenericMethod ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "")
                        + "(" + Parameters(method) + ")";
                    break;
                case MethodInfo { IsSpecialName: true } op when Visible(op) && op.Name.StartsWith("op_", StringComparison.Ordinal):
                    yield return "static " + Name(op.ReturnType) + " " + op.Name + "(" + Parameters(op) + ")";
                    break;
                case PropertyInfo property when Visible(property.GetMethod) || Visible(property.SetMethod):
                    var accessors = (Visible(property.GetMethod) ? "get; " : "") + (Visible(property.SetMethod) ? (IsInit(property.SetMethod!) ? "init; " : "set; ") : "");
                    var index = property.GetIndexParameters();
                    yield return Modifiers((property.GetMethod ?? property.SetMethod)!) + Name(property.PropertyType) + " "
                        + (index.Length > 0 ? "this[" + string.Join(", ", index.Select(p => Name(p.ParameterType) + " " + p.Name)) + "]" : property.Name)
                        + " { " + accessors + "}";
                    break;
                case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                    yield return (field.IsLiteral ? "const " : field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "") + Name(field.FieldType) + " " + field.Name;
                    break;
                case EventInfo @event when Visible(@event.AddMethod):
                    yield return "event " + Name(@event.EventHandlerType!) + " " + @event.Name;
                    break;
            }
        }
    }

    private static bool Visible(MethodBase? method) => method is not null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);

    private static bool IsInit(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static string Modifiers(MethodInfo method) =>
        (method.IsFamily || method.IsFamilyOrAssembly ? "protected " : "")
        + (method.IsStatic ? "static " : "")
        + (method.IsAbstract && !method.DeclaringType!.IsInterface ? "abstract " : "")
        + (method.IsVirtual && !method.IsAbstract && !method.IsFinal && method.GetBaseDefinition() == method ? "virtual " : "")
        + (method.IsVirtual && method.GetBaseDefinition() != method ? "override " : "");

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "")
            + (p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : "")
            + Name(p.ParameterType) + " " + p.Name
            + (p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? (p.ParameterType.IsValueType ? "default" : "null")) : "")));

    private static string Kind(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? "struct"
        : type.IsAbstract && type.IsSealed ? "static class"
        : (type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : "") + "class";

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        return name[..name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }
}
