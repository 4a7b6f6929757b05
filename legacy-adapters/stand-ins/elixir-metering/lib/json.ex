defmodule Metering.JSON do
  @moduledoc """
  Minimal JSON for the stand-in (OTP 25 has no json module, and hex packages are not allowed).

  Decoding: objects -> maps (string keys), arrays -> lists, integers -> integers, numbers with a
  fraction or exponent -> floats. Errors are returned as `{:error, message}`.

  Encoding is byte-stable: objects are written either from `{:obj, [{key, value}, ...]}` (order as
  given) or from maps (keys sorted); `{:raw, iodata}` is copied verbatim (used for pre-formatted
  numbers such as `1.548`); no whitespace is emitted.
  """

  # ---------------------------------------------------------------- decode

  def decode(bin) when is_binary(bin) do
    try do
      {v, rest} = value(ws(bin))

      case ws(rest) do
        "" -> {:ok, v}
        _ -> {:error, "unexpected data after the JSON value"}
      end
    catch
      {:json_error, msg} -> {:error, msg}
    end
  end

  defp fail(msg), do: throw({:json_error, msg})

  defp ws(<<c, rest::binary>>) when c in [?\s, ?\t, ?\r, ?\n], do: ws(rest)
  defp ws(b), do: b

  defp value(<<?{, rest::binary>>), do: object_start(ws(rest))
  defp value(<<?[, rest::binary>>), do: array_start(ws(rest))
  defp value(<<?", rest::binary>>), do: string(rest, [])
  defp value(<<"true", rest::binary>>), do: {true, rest}
  defp value(<<"false", rest::binary>>), do: {false, rest}
  defp value(<<"null", rest::binary>>), do: {nil, rest}
  defp value(<<c, _::binary>> = b) when c == ?- or c in ?0..?9, do: number(b)
  defp value(""), do: fail("unexpected end of input")
  defp value(_), do: fail("unexpected character")

  defp object_start(<<?}, rest::binary>>), do: {%{}, rest}
  defp object_start(b), do: object_member(b, [])

  defp object_member(<<?", rest::binary>>, acc) do
    {k, rest} = string(rest, [])

    case ws(rest) do
      <<?:, rest::binary>> ->
        {v, rest} = value(ws(rest))
        acc = [{k, v} | acc]

        case ws(rest) do
          <<?,, rest::binary>> -> object_member(ws(rest), acc)
          <<?}, rest::binary>> -> {Map.new(:lists.reverse(acc)), rest}
          _ -> fail("expected ',' or '}' in object")
        end

      _ ->
        fail("expected ':' after object key")
    end
  end

  defp object_member(_, _), do: fail("expected a string object key")

  defp array_start(<<?], rest::binary>>), do: {[], rest}
  defp array_start(b), do: array_item(b, [])

  defp array_item(b, acc) do
    {v, rest} = value(b)
    acc = [v | acc]

    case ws(rest) do
      <<?,, rest::binary>> -> array_item(ws(rest), acc)
      <<?], rest::binary>> -> {:lists.reverse(acc), rest}
      _ -> fail("expected ',' or ']' in array")
    end
  end

  defp string(bin, acc) do
    n = plain(bin, 0)
    <<chunk::binary-size(n), rest::binary>> = bin

    case rest do
      <<?", rest::binary>> when acc == [] ->
        {chunk, rest}

      <<?", rest::binary>> ->
        {IO.iodata_to_binary(:lists.reverse([chunk | acc])), rest}

      <<?\\, rest::binary>> ->
        {piece, rest} = escape(rest)
        string(rest, [piece, chunk | acc])

      "" ->
        fail("unterminated string")

      _ ->
        fail("control character in string")
    end
  end

  defp plain(<<c, rest::binary>>, n) when c != ?" and c != ?\\ and c >= 0x20, do: plain(rest, n + 1)
  defp plain(_, n), do: n

  defp escape(<<?", r::binary>>), do: {"\"", r}
  defp escape(<<?\\, r::binary>>), do: {"\\", r}
  defp escape(<<?/, r::binary>>), do: {"/", r}
  defp escape(<<?b, r::binary>>), do: {"\b", r}
  defp escape(<<?f, r::binary>>), do: {"\f", r}
  defp escape(<<?n, r::binary>>), do: {"\n", r}
  defp escape(<<?r, r::binary>>), do: {"\r", r}
  defp escape(<<?t, r::binary>>), do: {"\t", r}

  defp escape(<<?u, h::binary-size(4), r::binary>>) do
    cp = hex4(h)

    cond do
      cp in 0xD800..0xDBFF ->
        case r do
          <<?\\, ?u, l::binary-size(4), r2::binary>> ->
            lo = hex4(l)
            if lo in 0xDC00..0xDFFF, do: {<<(0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00))::utf8>>, r2}, else: fail("invalid surrogate pair")

          _ ->
            fail("invalid surrogate pair")
        end

      cp in 0xDC00..0xDFFF ->
        fail("invalid surrogate pair")

      true ->
        {<<cp::utf8>>, r}
    end
  end

  defp escape(_), do: fail("invalid escape in string")

  defp hex4(h) do
    case Integer.parse(h, 16) do
      {v, ""} -> v
      _ -> fail("invalid \\u escape")
    end
  end

  defp number(b) do
    {int_len, rest} = num_int(b)
    {frac?, len1, rest} = num_frac(rest, int_len)
    {exp?, len, rest} = num_exp(rest, len1)
    tok = binary_part(b, 0, len)

    v =
      cond do
        not frac? and not exp? ->
          String.to_integer(tok)

        true ->
          tok = if frac?, do: tok, else: binary_part(tok, 0, int_len) <> ".0" <> binary_part(tok, int_len, len - int_len)
          {f, ""} = Float.parse(tok)
          f
      end

    {v, rest}
  end

  defp num_int(<<?-, rest::binary>>) do
    {n, rest} = num_int_digits(rest)
    {n + 1, rest}
  end

  defp num_int(b), do: num_int_digits(b)

  defp num_int_digits(<<?0, rest::binary>>), do: {1, rest}
  defp num_int_digits(<<c, _::binary>> = b) when c in ?1..?9, do: digits(b, 0)
  defp num_int_digits(_), do: fail("invalid number")

  defp digits(<<c, rest::binary>>, n) when c in ?0..?9, do: digits(rest, n + 1)
  defp digits(rest, n), do: {n, rest}

  defp num_frac(<<?., rest::binary>>, len) do
    case digits(rest, 0) do
      {0, _} -> fail("invalid number")
      {n, rest} -> {true, len + 1 + n, rest}
    end
  end

  defp num_frac(rest, len), do: {false, len, rest}

  defp num_exp(<<e, rest::binary>>, len) when e in [?e, ?E] do
    {sign, rest} =
      case rest do
        <<s, r::binary>> when s in [?+, ?-] -> {1, r}
        _ -> {0, rest}
      end

    case digits(rest, 0) do
      {0, _} -> fail("invalid number")
      {n, rest} -> {true, len + 1 + sign + n, rest}
    end
  end

  defp num_exp(rest, len), do: {false, len, rest}

  # ---------------------------------------------------------------- encode

  def encode(v), do: IO.iodata_to_binary(enc(v))

  defp enc(nil), do: "null"
  defp enc(true), do: "true"
  defp enc(false), do: "false"
  defp enc({:raw, io}), do: io
  defp enc({:obj, pairs}), do: [?{, join(Enum.map(pairs, fn {k, v} -> [str(to_string(k)), ?:, enc(v)] end)), ?}]

  defp enc(m) when is_map(m),
    do: enc({:obj, m |> Enum.map(fn {k, v} -> {to_string(k), v} end) |> Enum.sort_by(&elem(&1, 0))})

  defp enc(l) when is_list(l), do: [?[, join(Enum.map(l, &enc/1)), ?]]
  defp enc(s) when is_binary(s), do: str(s)
  defp enc(i) when is_integer(i), do: Integer.to_string(i)
  defp enc(f) when is_float(f), do: :erlang.float_to_binary(f, [:short])
  defp enc(a) when is_atom(a), do: str(Atom.to_string(a))

  defp join([]), do: []
  defp join([h | t]), do: [h | Enum.map(t, &[?, | &1])]

  defp str(s), do: [?", esc(s, 0, s, []), ?"]

  # copy runs of plain bytes, escape ", \ and control characters
  defp esc(<<>>, n, orig, acc), do: :lists.reverse([binary_part(orig, byte_size(orig) - n, n) | acc])

  defp esc(<<c, rest::binary>>, n, orig, acc) when c == ?" or c == ?\\ or c < 0x20 do
    start = byte_size(orig) - byte_size(rest) - 1 - n
    e =
      case c do
        ?" -> "\\\""
        ?\\ -> "\\\\"
        ?\n -> "\\n"
        ?\r -> "\\r"
        ?\t -> "\\t"
        ?\b -> "\\b"
        ?\f -> "\\f"
        _ -> "\\u" <> String.pad_leading(Integer.to_string(c, 16) |> String.downcase(), 4, "0")
      end

    esc(rest, 0, orig, [e, binary_part(orig, start, n) | acc])
  end

  defp esc(<<_, rest::binary>>, n, orig, acc), do: esc(rest, n + 1, orig, acc)
end
