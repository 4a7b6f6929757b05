using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Billing.Licensing.PriceBook;

/// <summary>
/// Writes a decimal the way the contract's floats look on the wire (<c>1.0</c>, <c>0.28</c>, <c>14.0</c>),
/// whatever scale the database returned (<c>1.00</c>), so the body matches legacy byte for byte.
/// </summary>
internal sealed class FloatNumberConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value.ToString("0.0###########", CultureInfo.InvariantCulture));
    }
}
