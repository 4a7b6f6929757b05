defmodule Metering.Http do
  @moduledoc """
  `:inets` httpd callback module (`modules: [Metering.Http]`): routing, Heroku HTTP conventions
  (auth, Accept/version, Request-Id, ETag/If-None-Match, JSON errors) and the handlers.
  """
  require Record
  require Logger
  Record.defrecordp(:mod, Record.extract(:mod, from_lib: "inets/include/httpd.hrl"))

  alias Metering.{Clock, Data, Events, JSON, Usage}

  @max_events 1000
  @max_bytes 1_048_576
  @json_type 'application/json; charset=utf-8'
  @accepted_versions ["3", "3.sdk", "3.account-quotas"]

  @route_not_found "The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intended version with the `Accept` header?"

  # httpd calls Module:do/1 (`do` is reserved in Elixir, hence unquote)
  def unquote(:do)(m) do
    headers =
      mod(m, :parsed_header)
      |> Enum.reduce(%{}, fn {k, v}, acc -> Map.put_new(acc, String.downcase(to_string(k)), to_string(v)) end)

    rid = request_id(headers["request-id"])

    {status, body, extra} =
      try do
        handle(to_string(mod(m, :method)), to_string(mod(m, :request_uri)), headers, mod(m, :entity_body))
      rescue
        e ->
          Logger.error("request failed: " <> Exception.format(:error, e, __STACKTRACE__))
          {500, err("internal_server_error", "Internal server error."), []}
      end

    {head, bytes} = respond(status, body, extra, headers, rid)
    {:proceed, [{:response, {:response, head, bytes}}]}
  end

  # --- response assembly ------------------------------------------------------------------

  # body is a JSON term; ETag is computed over the exact bytes for 200/GET-style answers
  defp respond(status, body, extra, headers, rid) do
    bytes = JSON.encode(body)
    etag = "\"" <> (:crypto.hash(:sha256, bytes) |> binary_part(0, 16) |> Base.encode16(case: :lower)) <> "\""
    not_modified = status == 200 and if_none_match?(headers["if-none-match"], etag)

    base = [
      code: if(not_modified, do: 304, else: status),
      "request-id": to_charlist(rid)
    ]

    base =
      if not_modified do
        base ++ [content_type: @json_type, etag: to_charlist(etag), content_length: '0']
      else
        base ++
          [content_type: @json_type, content_length: to_charlist(Integer.to_string(byte_size(bytes)))] ++
          if(status == 200, do: [etag: to_charlist(etag)], else: [])
      end

    {base ++ Enum.map(extra, fn {k, v} -> {k, to_charlist(v)} end), if(not_modified, do: "", else: bytes)}
  end

  defp if_none_match?(nil, _), do: false

  defp if_none_match?(v, etag) do
    v
    |> String.split(",")
    |> Enum.map(&String.trim/1)
    |> Enum.map(&String.replace_prefix(&1, "W/", ""))
    |> Enum.any?(&(&1 == etag or &1 == "*"))
  end

  @uuid ~r/\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z/

  defp request_id(nil), do: gen_uuid()

  defp request_id(v) do
    first = v |> String.split(",") |> hd() |> String.trim()
    if first =~ @uuid, do: String.downcase(first), else: gen_uuid()
  end

  defp gen_uuid do
    <<a::48, _::4, b::12, _::2, c::62>> = :crypto.strong_rand_bytes(16)
    <<u::128>> = <<a::48, 4::4, b::12, 2::2, c::62>>
    hex = u |> Integer.to_string(16) |> String.downcase() |> String.pad_leading(32, "0")
    <<p1::binary-8, p2::binary-4, p3::binary-4, p4::binary-4, p5::binary-12>> = hex
    Enum.join([p1, p2, p3, p4, p5], "-")
  end

  defp err(id, message), do: {:obj, [{"id", id}, {"message", message}]}

  # --- pipeline --------------------------------------------------------------------------

  defp handle(method, uri, headers, body) do
    {path, query} =
      case String.split(uri, "?", parts: 2) do
        [p, q] -> {p, q}
        [p] -> {p, ""}
      end

    segs =
      try do
        path |> String.split("/", trim: true) |> Enum.map(&URI.decode/1)
      rescue
        _ -> :bad
      end

    params =
      try do
        URI.decode_query(query)
      rescue
        _ -> %{}
      end

    case route(method, segs) do
      :health ->
        {200, {:obj, [{"status", "ok"}]}, []}

      nil ->
        {404, err("not_found", @route_not_found), []}

      {roles, fun} ->
        cond do
          not accept_ok?(headers["accept"]) ->
            {406, err("not_acceptable", "The requested API version is not supported. Send Accept: application/vnd.heroku+json; version=3"), []}

          true ->
            case authenticate(headers["authorization"]) do
              nil ->
                {401, err("unauthorized", "Invalid credentials provided."), []}

              tok ->
                if tok["role"] in roles do
                  fun.(%{tok: tok, params: params, body: body, headers: headers})
                else
                  {403, err("forbidden", "This token (role #{tok["role"]}) may not use this endpoint."), []}
                end
            end
        end
    end
  end

  @readers ["admin", "customer"]
  @writers ["admin", "producer"]

  defp route("GET", ["health"]), do: :health
  defp route("GET", ["teams", id, "usage", "daily"]), do: {@readers, &team_usage(&1, id, :daily)}
  defp route("GET", ["teams", id, "usage", "monthly"]), do: {@readers, &team_usage(&1, id, :monthly)}
  defp route("GET", ["enterprise-accounts", id, "usage", "daily"]), do: {@readers, &ea_usage(&1, id, :daily)}
  defp route("GET", ["enterprise-accounts", id, "usage", "monthly"]), do: {@readers, &ea_usage(&1, id, :monthly)}
  defp route("GET", ["apps", app, "usage"]), do: {@readers, &app_usage(&1, app)}
  defp route("GET", ["teams", team, "apps", app, "usage"]), do: {@readers, &team_app_usage(&1, team, app)}
  defp route("GET", ["teams", team, "usage"]), do: {@readers, &team_sdk_usage(&1, team)}
  defp route("GET", ["accounts", acc, "actions", "get-quota"]), do: {@readers, &quota(&1, acc)}
  defp route("POST", ["usage-events"]), do: {@writers, &intake/1}
  defp route("GET", ["internal", "directory"]), do: {["admin"], fn _ -> {200, Data.get(:export_directory), []} end}
  defp route("GET", ["internal", "usage-history"]), do: {["admin"], fn _ -> {200, Data.get(:export_usage), []} end}
  defp route(_, _), do: nil

  # Accept: vnd.heroku+json with version 3 / 3.sdk / 3.account-quotas, application/json, */*.
  # A missing or empty header is treated as version=3.
  defp accept_ok?(nil), do: true

  defp accept_ok?(h) do
    if String.trim(h) == "" do
      true
    else
      h
      |> String.split(",")
      |> Enum.any?(fn range ->
        [type | params] = range |> String.split(";") |> Enum.map(&String.trim/1)
        type = String.downcase(type)

        version =
          Enum.find_value(params, fn p ->
            case String.split(p, "=", parts: 2) do
              [k, v] -> if String.downcase(String.trim(k)) == "version", do: String.trim(v, "\"") |> String.trim()
              _ -> nil
            end
          end)

        cond do
          type == "application/vnd.heroku+json" -> version in @accepted_versions
          type in ["application/json", "*/*", "application/*"] -> version == nil or version in @accepted_versions
          true -> false
        end
      end)
    end
  end

  defp authenticate(nil), do: nil

  defp authenticate(h) do
    token =
      case String.split(String.trim(h), " ", parts: 2) do
        [scheme, rest] ->
          case String.downcase(scheme) do
            "bearer" ->
              String.trim(rest)

            "basic" ->
              case Base.decode64(String.trim(rest)) do
                {:ok, dec} ->
                  case String.split(dec, ":", parts: 2) do
                    [user, ""] -> user
                    [_, pass] -> pass
                    [user] -> user
                  end

                :error ->
                  nil
              end

            _ ->
              nil
          end

        _ ->
          nil
      end

    token && Map.get(Data.get(:tokens), token)
  end

  # --- tenancy ----------------------------------------------------------------------------

  defp admin?(tok), do: tok["role"] == "admin"
  defp sees_team?(tok, team), do: admin?(tok) or team["id"] in (tok["team_ids"] || [])
  defp sees_ea?(tok, ea), do: admin?(tok) or ea["id"] in (tok["enterprise_account_ids"] || [])
  defp sees_account?(tok, acc), do: admin?(tok) or acc["id"] == tok["account_id"]

  defp sees_app?(tok, app) do
    admin?(tok) or
      (app["team_id"] != nil and app["team_id"] in (tok["team_ids"] || [])) or
      (app["team_id"] == nil and app["owner_account_id"] == tok["account_id"])
  end

  defp not_found(what), do: {404, err("not_found", "Couldn't find that #{what}."), []}
  defp invalid(msg), do: {422, err("invalid_params", msg), []}

  defp find_team_by_id(ctx, id) do
    case Map.get(Data.get(:teams), id) do
      nil -> nil
      t -> if sees_team?(ctx.tok, t), do: t
    end
  end

  defp find_team(ctx, name_or_id) do
    t = Map.get(Data.get(:teams), name_or_id) || Map.get(Data.get(:teams_by_name), name_or_id)
    if t && sees_team?(ctx.tok, t), do: t
  end

  defp find_app(ctx, id_or_name) do
    a = Map.get(Data.get(:apps), id_or_name) || Map.get(Data.get(:apps_by_name), id_or_name)
    if a && sees_app?(ctx.tok, a), do: a
  end

  # --- handlers ---------------------------------------------------------------------------

  defp team_usage(ctx, id, kind) do
    case find_team_by_id(ctx, id) do
      nil ->
        not_found("team")

      team ->
        case periods(kind, ctx.params) do
          {:error, msg} -> invalid(msg)
          {:ok, ps} when kind == :daily -> {200, Usage.team_daily(team, ps, Clock.now()), []}
          {:ok, ps} -> {200, Usage.team_monthly(team, ps, Clock.now()), []}
        end
    end
  end

  defp ea_usage(ctx, id, kind) do
    ea = Map.get(Data.get(:eas), id)

    if ea == nil or not sees_ea?(ctx.tok, ea) do
      not_found("enterprise account")
    else
      case periods(kind, ctx.params) do
        {:error, msg} -> invalid(msg)
        {:ok, ps} when kind == :daily -> {200, Usage.ea_daily(ea, ps, Clock.now()), []}
        {:ok, ps} -> {200, Usage.ea_monthly(ea, ps, Clock.now()), []}
      end
    end
  end

  defp periods(:daily, params), do: Usage.daily_periods(params)
  defp periods(:monthly, params), do: Usage.monthly_periods(params)

  defp app_usage(ctx, app_ref) do
    case find_app(ctx, app_ref) do
      nil -> not_found("app")
      app -> {200, {:obj, [{"addons", Usage.app_addon_usage(app["id"], Clock.now())}]}, []}
    end
  end

  defp team_app_usage(ctx, team_ref, app_ref) do
    with team when team != nil <- find_team(ctx, team_ref),
         app when app != nil <- Map.get(Data.get(:apps), app_ref) || Map.get(Data.get(:apps_by_name), app_ref),
         true <- app["team_id"] == team["id"] do
      {200, {:obj, [{"addons", Usage.app_addon_usage(app["id"], Clock.now())}]}, []}
    else
      _ -> not_found("app")
    end
  end

  defp team_sdk_usage(ctx, team_ref) do
    case find_team(ctx, team_ref) do
      nil ->
        not_found("team")

      team ->
        now = Clock.now()

        apps =
          Data.get(:team_apps)
          |> Map.get(team["id"], [])
          |> Enum.sort_by(& &1["id"])
          |> Enum.map(fn app -> {:obj, [{"id", app["id"]}, {"addons", Usage.app_addon_usage(app["id"], now)}]} end)

        {200, {:obj, [{"apps", apps}]}, []}
    end
  end

  defp quota(ctx, ref) do
    acc =
      cond do
        ref == "~" -> Map.get(Data.get(:accounts), ctx.tok["account_id"])
        true -> Map.get(Data.get(:accounts), ref) || Map.get(Data.get(:accounts_by_email), String.downcase(ref))
      end

    if acc == nil or not sees_account?(ctx.tok, acc) do
      not_found("account")
    else
      case Usage.quota(acc, Clock.now()) do
        :not_found -> {404, err("not_found", "This account has no Eco dyno quota (no Eco apps)."), []}
        body -> {200, body, []}
      end
    end
  end

  defp intake(ctx) do
    raw = body_binary(ctx.body)

    cond do
      byte_size(raw) > @max_bytes ->
        too_large()

      true ->
        case (String.valid?(raw) && JSON.decode(raw)) || {:error, "body is not valid UTF-8"} do
          {:error, msg} ->
            {400, err("bad_request", "Request body is not valid JSON: #{msg}."), []}

          {:ok, %{"events" => events}} when is_list(events) ->
            if length(events) > @max_events, do: too_large(), else: {200, Events.ingest(events), []}

          {:ok, _} ->
            invalid("Body must be an object with an \"events\" array.")
        end
    end
  end

  defp too_large,
    do:
      {413,
       err("payload_too_large", "A batch may carry at most #{@max_events} events and #{@max_bytes} bytes; split it."),
       []}

  defp body_binary(b) when is_binary(b), do: b
  defp body_binary(b) when is_list(b), do: :erlang.list_to_binary(b)
  defp body_binary(_), do: ""
end
