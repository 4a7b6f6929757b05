# Legacy Elixir metering service stand-in.
#
#   PORT=5302 elixir server.exs
#
# Runs in the foreground until killed. No Mix project, no hex packages: OTP :inets httpd plus the
# modules in lib/. Environment:
#   PORT           listen port (default 5302), bound to BIND (default 127.0.0.1)
#   FIXTURES_DIR   directory with directory.json, prices.json, usage.json
#                  (default ../fixtures/data if it holds directory.json, else ./test-data)
#   METERING_NOW   fixed clock (ISO-8601, e.g. 2026-10-20T12:00:00Z); default: the wall clock

here = __DIR__
sources = for f <- ~w(json.ex data.ex events.ex usage.ex http.ex), do: Path.join([here, "lib", f])

# Compiling lib/ takes ~1.5 s, so the BEAM files are cached under .run/ebin/<hash of the sources>
# (atomic rename, safe with parallel starts). Any problem with the cache -> plain in-memory compile.
load_cached = fn ->
  hash =
    sources
    |> Enum.map(&File.read!/1)
    |> then(&:crypto.hash(:sha256, [System.version(), :erlang.system_info(:otp_release) | &1]))
    |> Base.encode16(case: :lower)
    |> binary_part(0, 16)

  dir = Path.join([here, ".run", "ebin", hash])

  unless File.exists?(Path.join(dir, "complete")) do
    tmp = dir <> ".tmp#{System.unique_integer([:positive])}"
    File.mkdir_p!(tmp)
    {:ok, _, _} = Kernel.ParallelCompiler.compile_to_path(sources, tmp, return_diagnostics: false)
    File.write!(Path.join(tmp, "complete"), "")

    case File.rename(tmp, dir) do
      :ok ->
        # drop caches of older sources (not in-flight .tmp dirs)
        for old <- Path.wildcard(Path.join(Path.dirname(dir), "*")),
            old != dir and not String.contains?(Path.basename(old), ".tmp"),
            do: File.rm_rf(old)

      _ ->
        File.rm_rf(tmp)
    end
  end

  true = Code.prepend_path(dir)
  for m <- [Metering.JSON, Metering.Data, Metering.Events, Metering.Usage, Metering.Http], do: Code.ensure_loaded!(m)
end

try do
  if System.get_env("METERING_NO_CACHE") in [nil, "", "0"], do: load_cached.(), else: raise("cache disabled")
rescue
  _ -> for f <- sources, do: Code.require_file(f)
end

Logger.configure(level: :warning)

port =
  case Integer.parse(System.get_env("PORT") || "5302") do
    {p, ""} when p > 0 and p < 65_536 -> p
    _ -> raise "PORT must be an integer 1..65535"
  end

dir =
  case System.get_env("FIXTURES_DIR") do
    d when is_binary(d) and d != "" ->
      d

    _ ->
      shared = Path.expand("../fixtures/data", here)

      if File.exists?(Path.join(shared, "directory.json")) and File.exists?(Path.join(shared, "usage.json")) and
           File.exists?(Path.join(shared, "prices.json")),
         do: shared,
         else: Path.join(here, "test-data")
  end

{t_us, data} = :timer.tc(fn -> Metering.Data.load!(dir) end)
Metering.Clock.init()
{:ok, _} = Metering.Events.start_link()

:ok = :inets.start()
tmp = System.tmp_dir!() |> to_charlist()

{:ok, _pid} =
  :inets.start(:httpd,
    port: port,
    server_name: 'elixir-metering',
    server_root: tmp,
    document_root: tmp,
    # BIND=0.0.0.0 only inside a container (docker-compose); loopback everywhere else.
    bind_address: (case System.get_env("BIND", "127.0.0.1") |> to_charlist() |> :inet.parse_address() do
                     {:ok, address} -> address
                     _ -> {127, 0, 0, 1}
                   end),
    modules: [Metering.Http],
    keep_alive: true,
    max_clients: 200
  )

IO.puts(
  :stderr,
  "elixir-metering: listening on http://127.0.0.1:#{port} " <>
    "(data #{dir}: #{map_size(data.apps)} apps, #{map_size(data.teams)} teams, loaded in #{div(t_us, 1000)} ms; " <>
    "clock #{if Metering.Clock.fixed?(), do: "fixed at " <> System.get_env("METERING_NOW"), else: "wall"})"
)

Process.sleep(:infinity)
