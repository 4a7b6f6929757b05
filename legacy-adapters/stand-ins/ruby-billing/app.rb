# frozen_string_literal: true
#
# Legacy Ruby billing service stand-in (Heroku Platform API billing surface).
#
#   PORT=5301 ruby app.rb            # foreground, binds 127.0.0.1
#   PORT=5301 QUIET=1 ruby app.rb    # no access log / banner (also: ruby app.rb --quiet)
#
# Reads ../fixtures/data/*.json once at start (override with FIXTURES_DIR). Run-time writes
# (invoice address, payment method, redeemed credits, payments) live in memory only.
# Only stdlib + sinatra + webrick + json.

require 'sinatra/base'
require 'webrick'
require 'json'
require 'digest'
require 'securerandom'
require 'time'

module RubyBilling
  DATA_DIR = ENV.fetch('FIXTURES_DIR', File.expand_path('../fixtures/data', __dir__))
  # Frozen clock: every "now" the service writes (payments, redeemed credits, updates) uses it,
  # so the same request sequence gives the same bytes. Default = issue time of the last invoice.
  NOW = ENV.fetch('LEGACY_NOW', '2026-11-01T00:00:00Z')

  UUID_RE = /\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z/i.freeze

  # Property order of each representation, copied from the schemas (version=3 / version=3.sdk).
  KEYS = {
    v3: {
      account: %w[allow_tracking beta created_at email federated id identity_provider last_login name sms_number
                  suspended_at delinquent_at two_factor_authentication updated_at verified country_of_residence
                  default_organization default_team],
      team: %w[id created_at credit_card_collections default enterprise_account identity_provider
               membership_limit name provisioned_licenses role type updated_at],
      dyno_size: %w[architecture compute cost dedicated precise_dyno_units generation id memory name
                    private_space_only],
      price: %w[cents contract unit]
    },
    sdk: {
      account: %w[allow_tracking beta created_at email federated id identity_provider last_login name sms_number
                  suspended_at delinquent_at two_factor_authentication updated_at verified country_of_residence
                  eco_dynos_enabled eco_dynos_shutdown_at pipeline_cost_consent_at acknowledged_msa
                  acknowledged_msa_at italian_customer_terms italian_partner_terms mfa_enabled mfa_exemption
                  mfa_exemption_reason mfa_experience default_organization default_team],
      team: %w[id created_at credit_card_collections default enterprise_account identity_provider
               membership_limit pipeline_cost_consent_at pipeline_cost_consent_user_email name
               provisioned_licenses role type updated_at],
      dyno_size: %w[architecture compute can_autoscale cost dedicated precise_dyno_units id memory name
                    private_space_only generation infrastructure_tier product_dyno_tier],
      price: %w[cents contract metered unit]
    }
  }.freeze
  DELINQUENCY_KEYS = %w[scheduled_suspension_time scheduled_deletion_time].freeze
  ENTERPRISE_KEYS = %w[id created_at name updated_at permissions trial partner_benefits identity_provider].freeze
  INVOICE_KEYS = %w[charges_total created_at credits_total id number period_end period_start state total
                    updated_at].freeze
  TEAM_INVOICE_KEYS = %w[addons_total database_total charges_total created_at credits_total dyno_units id number
                         payment_status period_end period_start platform_total state total updated_at
                         weighted_dyno_hours].freeze
  ADDRESS_KEYS = %w[address_1 address_2 city country heroku_id other postal_code state use_invoice_address].freeze
  CREDIT_KEYS = %w[amount balance created_at expires_at id title updated_at].freeze
  SERVICE_KEYS = %w[cli_plugin_name created_at human_name id name state supports_multiple_installations
                    supports_sharing updated_at supported_generations].freeze
  PLAN_KEYS = %w[addon_service created_at compliance default description human_name id
                 installable_inside_private_network installable_outside_private_network name price
                 space_default state updated_at visible].freeze
  PAYMENT_METHOD_KEYS = %w[address_1 address_2 card_last4 card_type city country expiration_month expiration_year
                           first_name last_name other postal_code state].freeze

  class ApiError < StandardError
    attr_reader :status, :id

    def initialize(status, id, message)
      super(message)
      @status = status
      @id = id
    end
  end

  # ------------------------------------------------------------------ WEBrick hardening
  # A POST/PUT/PATCH without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3)
  # rather than WEBrick's HTML 411; errors WEBrick raises itself get JSON bodies.
  module LenientRequestBody
    def read_body(socket, block)
      return @body if socket && !self['transfer-encoding'] && !self['content-length'] && !@remaining_size

      super
    end
  end

  module JsonErrorPage
    ERROR_IDS = { 400 => 'bad_request', 401 => 'unauthorized', 403 => 'forbidden', 404 => 'not_found',
                  406 => 'not_acceptable', 416 => 'requested_range_not_satisfiable' }.freeze

    def create_error_page
      code = status.to_i
      id = ERROR_IDS[code] || (code >= 500 ? 'internal_server_error' : 'bad_request')
      @header['content-type'] = 'application/json; charset=utf-8'
      @body = JSON.generate({ 'id' => id, 'message' => "#{WEBrick::HTTPStatus.reason_phrase(code)}." })
    end
  end

  WEBrick::HTTPRequest.prepend(LenientRequestBody)
  WEBrick::HTTPResponse.include(JsonErrorPage)

  # ------------------------------------------------------------------ data

  class Store
    attr_reader :accounts, :teams, :enterprises, :tokens, :dyno_sizes, :services, :plans,
                :account_invoices, :team_invoices, :credits, :promo_codes, :payments, :lock, :apps

    def initialize(dir)
      read = ->(name) { JSON.parse(File.read(File.join(dir, name))) }
      directory = read.call('directory.json')
      prices = read.call('prices.json')
      invoices = read.call('invoices.json')
      credits = read.call('credits.json')
      @accounts = directory['accounts']
      @teams = directory['teams']
      @enterprises = directory['enterprise_accounts']
      @apps = directory['apps']
      @tokens = directory['tokens'].to_h { |t| [t['token'], t] }
      @dyno_sizes = prices['dyno_sizes']
      @services = prices['addon_services']
      @plans = prices['plans']
      @account_invoices = invoices['account_invoices']
      @team_invoices = invoices['team_invoices']
      @credits = credits['credits']
      @promo_codes = credits['promo_codes'] || []
      @account_invoices.each { |i| i['paid_cents'] = 0 }
      @team_invoices.each { |i| i['paid_cents'] = 0 }
      @payments = {} # uuid => payment record
      @payment_seq = 1_000_000
      @lock = Mutex.new
    end

    def next_payment_id
      @payment_seq += 1
    end

    def account(id) = @accounts.find { |a| a['id'] == id }
    def team_by_id(id) = @teams.find { |t| t['id'] == id }
    def enterprise_by_id(id) = @enterprises.find { |e| e['id'] == id }
  end

  # ------------------------------------------------------------------ HTTP app

  class App < Sinatra::Base
    set :server, 'webrick'
    set :bind, ENV.fetch('BIND', '127.0.0.1')
    set :port, Integer(ENV.fetch('PORT', '5301'))
    set :protection, false
    set :show_exceptions, false
    set :raise_errors, false
    set :dump_errors, false
    set :logging, false
    set :static, false
    set :store, Store.new(DATA_DIR)

    # [method, pattern, handler, options]
    ROUTES = [
      ['GET', %r{\A/account\z}, :get_account, {}],
      ['GET', %r{\A/account/delinquency\z}, :get_account_delinquency, {}],
      ['GET', %r{\A/account/invoices\z}, :list_account_invoices, { list: %w[id number] }],
      ['GET', %r{\A/account/invoices/([^/]+)\z}, :get_account_invoice, {}],
      ['GET', %r{\A/account/invoice-address\z}, :get_invoice_address, {}],
      ['PUT', %r{\A/account/invoice-address\z}, :put_invoice_address, {}],
      ['GET', %r{\A/account/credits\z}, :list_credits, { list: %w[id] }],
      ['POST', %r{\A/account/credits\z}, :create_credit, {}],
      ['GET', %r{\A/account/credits/([^/]+)\z}, :get_credit, {}],
      ['GET', %r{\A/account/payment-method\z}, :get_payment_method, { sdk: true }],
      ['PATCH', %r{\A/account/payment-method\z}, :patch_payment_method, { sdk: true }],
      ['POST', %r{\A/account/payments\z}, :create_account_payment, { sdk: true }],
      ['GET', %r{\A/teams\z}, :list_teams, { list: %w[id name] }],
      ['GET', %r{\A/teams/([^/]+)\z}, :get_team, {}],
      ['GET', %r{\A/teams/([^/]+)/delinquency\z}, :get_team_delinquency, {}],
      ['GET', %r{\A/teams/([^/]+)/invoices\z}, :list_team_invoices, { list: %w[id number] }],
      ['GET', %r{\A/teams/([^/]+)/invoices/([^/]+)\z}, :get_team_invoice, {}],
      ['POST', %r{\A/teams/([^/]+)/payments\z}, :create_team_payment, { sdk: true }],
      ['GET', %r{\A/enterprise-accounts\z}, :list_enterprises, { list: %w[id name] }],
      ['GET', %r{\A/enterprise-accounts/([^/]+)\z}, :get_enterprise, {}],
      ['GET', %r{\A/enterprise-accounts/([^/]+)/teams\z}, :list_enterprise_teams, { list: %w[id name] }],
      ['GET', %r{\A/dyno-sizes\z}, :list_dyno_sizes, { list: %w[id name] }],
      ['GET', %r{\A/dyno-sizes/([^/]+)\z}, :get_dyno_size, {}],
      ['GET', %r{\A/addon-services\z}, :list_services, { list: %w[id name], anon: true }],
      ['GET', %r{\A/addon-services/([^/]+)\z}, :get_service, { anon: true }],
      ['GET', %r{\A/addon-services/([^/]+)/plans\z}, :list_service_plans, { list: %w[id name], anon: true }],
      ['GET', %r{\A/addon-services/([^/]+)/plans/([^/]+)\z}, :get_service_plan, { anon: true }],
      ['GET', %r{\A/plans/([^/]+)\z}, :get_plan, { anon: true }],
      ['GET', %r{\A/internal/tokens\z}, :list_internal_tokens, {}],
      ['GET', %r{\A/internal/directory\z}, :internal_directory, {}],
      ['GET', %r{\A/internal/invoices\z}, :list_internal_invoices, {}],
      ['GET', %r{\A/internal/credits\z}, :list_internal_credits, {}],
      ['GET', %r{\A/internal/invoice-payments\z}, :list_internal_invoice_payments, {}],
      ['GET', %r{\A/internal/promo-codes\z}, :list_internal_promo_codes, {}],
      ['GET', %r{\A/internal/delinquencies\z}, :list_internal_delinquencies, {}],
      ['PUT', %r{\A/internal/invoice-addresses/([^/]+)\z}, :put_internal_invoice_address, {}],
      ['PUT', %r{\A/internal/credits/([^/]+)\z}, :put_internal_credit, {}]
    ].freeze

    # Rack/Sinatra-level failures (e.g. undecodable query string or form body) as JSON errors.
    error Sinatra::BadRequest do
      respond(400, { 'id' => 'bad_request', 'message' => 'The request could not be parsed.' })
    end

    error StandardError do
      respond(500, { 'id' => 'internal_server_error', 'message' => 'An internal error occurred.' })
    end

    %w[get post put patch delete head options].each do |verb|
      send(verb, /.*/) { dispatch }
    end

    helpers do
      def store = settings.store

      # ---------------------------------------------------------------- pipeline

      def dispatch
        @request_id = pick_request_id
        method = request.request_method
        method = 'GET' if method == 'HEAD'
        path = request.path_info.to_s
        path = path.chomp('/') if path.length > 1
        if path == '/health' && method == 'GET'
          return respond(200, { 'status' => 'ok' })
        end

        route, captures = match_route(method, path)
        raise ApiError.new(404, 'not_found', 'The requested API endpoint was not found.') unless route

        @variant = negotiate(request.env['HTTP_ACCEPT'])
        opts = route[3]
        @token = authenticate(anonymous_ok: opts[:anon])
        if opts[:sdk] && @variant != :sdk
          raise ApiError.new(404, 'not_found',
                             'This endpoint is only available with Accept: application/vnd.heroku+json; version=3.sdk.')
        end

        @status = 200
        result = store.lock.synchronize { send(route[2], *captures) }
        if opts[:list]
          paginate(result, opts[:list])
        else
          respond(@status, result)
        end
      rescue ApiError => e
        respond(e.status, { 'id' => e.id, 'message' => e.message })
      rescue StandardError => e
        warn "ruby-billing: #{e.class}: #{e.message}\n  #{e.backtrace&.first(5)&.join("\n  ")}"
        respond(500, { 'id' => 'internal_server_error', 'message' => 'An internal error occurred.' })
      end

      def match_route(method, path)
        ROUTES.each do |m, re, handler, opts|
          md = re.match(path)
          next unless md && m == method

          return [[m, re, handler, opts], md.captures.map { |c| Rack::Utils.unescape_path(c) }]
        end
        nil
      end

      def pick_request_id
        raw = request.env['HTTP_REQUEST_ID'].to_s
        first = raw.split(',').map(&:strip).find { |s| UUID_RE.match?(s) }
        first ? first.downcase : SecureRandom.uuid
      end

      def negotiate(accept)
        return :v3 if accept.nil? || accept.strip.empty?

        accept.split(',').each do |part|
          media, *params = part.split(';').map(&:strip)
          media = media.to_s.downcase
          prm = params.to_h do |p|
            k, v = p.split('=', 2)
            [k.to_s.strip.downcase, v.to_s.strip.delete('"')]
          end
          case media
          when 'application/vnd.heroku+json'
            return :v3 if prm['version'] == '3'
            return :sdk if prm['version'] == '3.sdk'
          when 'application/json', '*/*', 'application/*'
            return :v3
          end
        end
        raise ApiError.new(406, 'not_acceptable',
                           "Please specify a version along with Heroku's API MIME type. " \
                           'For example, `Accept: application/vnd.heroku+json; version=3`.')
      end

      def authenticate(anonymous_ok: false)
        header = request.env['HTTP_AUTHORIZATION'].to_s.strip
        if header.empty?
          return nil if anonymous_ok

          raise ApiError.new(401, 'unauthorized',
                             'There were no credentials in your `Authorization` header. ' \
                             'Try `Authorization: Bearer <api-key>`.')
        end
        token = case header
                when /\ABearer\s+(\S+)\z/i then Regexp.last_match(1)
                when /\ABasic\s+(\S+)\z/i
                  decoded = Regexp.last_match(1).unpack1('m').to_s
                  _user, pass = decoded.split(':', 2)
                  pass
                end
        tok = token && !token.empty? && store.tokens[token]
        raise ApiError.new(401, 'unauthorized', 'Invalid credentials provided.') unless tok

        tok
      end

      def respond(code, obj, extra_headers = {})
        body = JSON.generate(obj)
        etag = %("#{Digest::SHA256.hexdigest(body)}")
        headers['Request-Id'] = @request_id || SecureRandom.uuid
        headers['Content-Type'] = 'application/json; charset=utf-8'
        headers['ETag'] = etag
        extra_headers.each { |k, v| headers[k] = v }
        if [200, 206].include?(code) && %w[GET HEAD].include?(request.request_method) && etag_matches?(etag)
          status(304)
          headers.delete('Content-Type')
          return ''
        end
        status(code)
        body
      end

      def etag_matches?(etag)
        inm = request.env['HTTP_IF_NONE_MATCH']
        return false if inm.nil? || inm.strip.empty?

        inm.split(',').map { |t| t.strip.sub(%r{\AW/}, '') }.any? { |t| t == '*' || t == etag }
      end

      # ---------------------------------------------------------------- ranges

      def range_error(msg = 'Invalid Range header.')
        raise ApiError.new(416, 'requested_range_not_satisfiable', msg)
      end

      def parse_range(header, fields, sample)
        spec = { field: fields.first, exclusive: false, start: nil, end: nil, max: 200, order: 'asc' }
        return spec if header.nil? || header.strip.empty?

        md = /\A\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\]?)(.*?)\.\.(.*)\z/m.match(header)
        range_error unless md
        field, excl, start, rest = md.captures
        unless fields.include?(field)
          range_error("Range field `#{field}` is not supported here; use one of: #{fields.join(', ')}.")
        end
        end_part, params = rest.split(/[;,]/, 2)
        spec[:field] = field
        spec[:exclusive] = excl == ']'
        numeric = sample.is_a?(Integer)
        spec[:start] = bound(start.strip, numeric)
        spec[:end] = bound(end_part.to_s.strip, numeric)
        params.to_s.split(/[;,]/).map(&:strip).reject(&:empty?).each do |tokn|
          k, v = tokn.split('=', 2).map { |x| x.to_s.strip }
          case k.downcase
          when 'max'
            range_error('Range `max` must be a positive integer.') unless v.match?(/\A\d+\z/) && v.to_i.positive?
            spec[:max] = [v.to_i, 1000].min
          when 'order'
            range_error('Range `order` must be `asc` or `desc`.') unless %w[asc desc].include?(v.downcase)
            spec[:order] = v.downcase
          else
            range_error("Unknown Range parameter `#{k}`.")
          end
        end
        spec
      end

      def bound(text, numeric)
        return nil if text.empty?
        return text unless numeric

        range_error("Range bound `#{text}` must be an integer.") unless text.match?(/\A-?\d+\z/)
        text.to_i
      end

      def compare(a, b)
        a.is_a?(String) && b.is_a?(String) ? (a.b <=> b.b) : (a <=> b)
      end

      def paginate(items, fields)
        sample = items.first && items.first[fields.first]
        header = request.env['HTTP_RANGE']
        # Sample the type of the requested field (numbers sort numerically).
        if header && (fm = /\A\s*([A-Za-z_][A-Za-z0-9_]*)/.match(header)) && fields.include?(fm[1])
          sample = items.first && items.first[fm[1]]
        end
        spec = parse_range(header, fields, sample)
        f = spec[:field]
        sorted = items.sort { |x, y| (c = compare(x[f], y[f])).zero? ? compare(x['id'].to_s, y['id'].to_s) : c }
        sorted.reverse! if spec[:order] == 'desc'
        dir = spec[:order] == 'desc' ? -1 : 1
        selected = sorted.select do |it|
          v = it[f]
          ok = true
          if spec[:start]
            c = compare(v, spec[:start]) * dir
            ok &&= spec[:exclusive] ? c.positive? : c >= 0
          end
          ok &&= (compare(v, spec[:end]) * dir) <= 0 if spec[:end]
          ok
        end
        page = selected.first(spec[:max])
        more = selected.size > page.size
        suffix = "; max=#{spec[:max]}#{spec[:order] == 'desc' ? ', order=desc' : ''}"
        hdrs = {
          'Accept-Ranges' => fields.join(', '),
          'Content-Range' => "#{f} #{page.first ? page.first[f] : ''}..#{page.last ? page.last[f] : ''}#{suffix}"
        }
        hdrs['Next-Range'] = "#{f} ]#{page.last[f]}..#{spec[:end]}#{suffix}" if more
        respond(more ? 206 : 200, page, hdrs)
      end

      # ---------------------------------------------------------------- tenancy

      def missing(what)
        raise ApiError.new(404, 'not_found', "Couldn't find that #{what}.")
      end

      def current_account
        acct = @token && @token['account_id'] && store.account(@token['account_id'])
        missing('account') unless acct
        acct
      end

      def admin? = @token && @token['role'] == 'admin'

      def visible_teams
        admin? ? store.teams : store.teams.select { |t| @token['team_ids'].include?(t['id']) }
      end

      def visible_enterprises
        if admin?
          store.enterprises
        else
          store.enterprises.select { |e| @token['enterprise_account_ids'].include?(e['id']) }
        end
      end

      def find_team(ident)
        team = visible_teams.find { |t| t['id'] == ident.downcase || t['name'] == ident }
        missing('team') unless team
        team
      end

      def find_enterprise(ident)
        ea = visible_enterprises.find { |e| e['id'] == ident.downcase || e['name'] == ident }
        missing('enterprise account') unless ea
        ea
      end

      # ---------------------------------------------------------------- body

      def json_body
        request.body.rewind
        raw = request.body.read.to_s.dup.force_encoding('UTF-8')
        raise ApiError.new(400, 'bad_request', 'Request body is not valid UTF-8.') unless raw.valid_encoding?
        return {} if raw.strip.empty?

        parsed = JSON.parse(raw)
        raise ApiError.new(400, 'bad_request', 'Request body must be a JSON object.') unless parsed.is_a?(Hash)

        parsed
      rescue JSON::ParserError, EncodingError, ArgumentError
        raise ApiError.new(400, 'bad_request', 'Request body is not valid JSON.')
      end

      def created(rep)
        @status = 201
        rep
      end

      def invalid(msg)
        raise ApiError.new(422, 'invalid_params', msg)
      end

      # ---------------------------------------------------------------- representations

      def pick(obj, keys) = keys.to_h { |k| [k, obj[k]] }

      def account_rep(a) = pick(a, KEYS[@variant][:account])

      def team_rep(t)
        ea = t['enterprise_account_id'] && store.enterprise_by_id(t['enterprise_account_id'])
        full = t.merge('enterprise_account' => ea && { 'id' => ea['id'], 'name' => ea['name'] })
        pick(full, KEYS[@variant][:team])
      end

      def enterprise_rep(e) = pick(e, ENTERPRISE_KEYS)
      def invoice_rep(i) = pick(i, INVOICE_KEYS)
      def team_invoice_rep(i) = pick(i, TEAM_INVOICE_KEYS)
      def credit_rep(c) = pick(c, CREDIT_KEYS)
      def service_rep(s) = pick(s, SERVICE_KEYS)

      def dyno_size_rep(s)
        rep = pick(s, KEYS[@variant][:dyno_size])
        rep['cost'] = s['cost'] && pick(s['cost'], %w[cents unit])
        rep
      end

      def plan_rep(p)
        rep = pick(p, PLAN_KEYS)
        rep['price'] = pick(p['price'], KEYS[@variant][:price])
        rep
      end

      # ---------------------------------------------------------------- handlers: account

      def get_account = account_rep(current_account)
      def get_account_delinquency = pick(current_account['delinquency'], DELINQUENCY_KEYS)

      def account_invoices(acct) = store.account_invoices.select { |i| i['account_id'] == acct['id'] }

      def list_account_invoices = account_invoices(current_account).map { |i| invoice_rep(i) }

      def find_invoice(list, number)
        missing('invoice') unless number.match?(/\A\d{1,18}\z/)
        inv = list.find { |i| i['number'] == number.to_i }
        missing('invoice') unless inv
        inv
      end

      def get_account_invoice(number)
        invoice_rep(find_invoice(account_invoices(current_account), number))
      end

      def get_invoice_address = pick(current_account['invoice_address'], ADDRESS_KEYS)

      ADDRESS_STRINGS = %w[address_1 address_2 city country other postal_code state].freeze

      def put_invoice_address = write_invoice_address(current_account, json_body)

      # An account's invoice address written by an operator (admin only): how addresses written in Billing.Modular
      # while it served the write are put back when the write is rolled back to legacy. Same rules as the customer's PUT.
      def put_internal_invoice_address(account_id)
        require_admin!
        acct = store.account(account_id.downcase)
        missing('account') unless acct
        write_invoice_address(acct, json_body)
      end

      def write_invoice_address(acct, body)
        ADDRESS_STRINGS.each do |k|
          next unless body.key?(k)

          invalid("#{k} must be a string.") unless body[k].is_a?(String)
          invalid("#{k} must be at most 255 characters.") if body[k].length > 255
        end
        if body.key?('use_invoice_address') && ![true, false].include?(body['use_invoice_address'])
          invalid('use_invoice_address must be a boolean.')
        end
        addr = acct['invoice_address']
        (ADDRESS_STRINGS + ['use_invoice_address']).each { |k| addr[k] = body[k] if body.key?(k) }
        pick(addr, ADDRESS_KEYS)
      end

      def account_credits(acct) = store.credits.select { |c| c['account_id'] == acct['id'] }
      def list_credits = account_credits(current_account).map { |c| credit_rep(c) }

      def get_credit(id)
        credit = account_credits(current_account).find { |c| c['id'] == id.downcase }
        missing('credit') unless credit
        credit_rep(credit)
      end

      def create_credit
        acct = current_account
        body = json_body
        %w[code1 code2].each do |k|
          invalid("#{k} must be a string.") if body.key?(k) && !body[k].nil? && !body[k].is_a?(String)
        end
        code1 = body['code1'].to_s.strip.upcase
        code2 = body['code2'].to_s.strip.upcase
        invalid('code1 is required.') if code1.empty?
        promo = store.promo_codes.find do |p|
          p['code1'] == code1 && (p['code2'].nil? ? code2.empty? : p['code2'] == code2)
        end
        invalid('That credit code is not valid.') unless promo
        id = uuid_from("credit:#{acct['id']}:#{promo['code1']}:#{promo['code2']}")
        existing = store.credits.find { |c| c['id'] == id }
        return created(credit_rep(existing)) if existing

        invalid('That credit code has expired.') if Time.parse(promo['expires_at']) <= Time.parse(NOW)
        credit = { 'amount' => promo['amount'], 'balance' => promo['amount'], 'created_at' => NOW,
                   'expires_at' => promo['expires_at'], 'id' => id, 'title' => promo['title'],
                   'updated_at' => NOW, 'account_id' => acct['id'] }
        store.credits << credit
        created(credit_rep(credit))
      end

      # A redemption made in the host while credits.account.write was New, put back when that write rolls back (admin
      # only): the credit POST /account/credits would have made for that account and code, as of when it was redeemed,
      # with the balance it has now. Idempotent: a credit legacy already has is answered as it is (200).
      def put_internal_credit(id)
        require_admin!
        body = json_body
        %w[account_id code1 code2 created_at].each do |k|
          invalid("#{k} must be a string.") if body.key?(k) && !body[k].nil? && !body[k].is_a?(String)
        end
        acct = store.account(body['account_id'].to_s.downcase)
        missing('account') unless acct
        code1 = body['code1'].to_s.strip.upcase
        code2 = body['code2'].to_s.strip.upcase
        promo = store.promo_codes.find do |p|
          p['code1'] == code1 && (p['code2'].nil? ? code2.empty? : p['code2'] == code2)
        end
        invalid('That credit code is not valid.') unless promo
        credit_id = uuid_from("credit:#{acct['id']}:#{promo['code1']}:#{promo['code2']}")
        invalid('id is not the credit of that account and code.') unless credit_id == id.downcase
        existing = store.credits.find { |c| c['id'] == credit_id }
        return credit_rep(existing) if existing

        redeemed_at = begin
          Time.iso8601(body['created_at'].to_s)
        rescue ArgumentError
          invalid('created_at must be an ISO-8601 timestamp.')
        end
        invalid('That credit code had expired when it was redeemed.') if Time.parse(promo['expires_at']) <= redeemed_at
        balance = body['balance']
        unless balance.is_a?(Integer) && balance.between?(0, promo['amount'])
          invalid("balance must be a whole number of cents from 0 to the code's amount.")
        end
        credit = { 'amount' => promo['amount'], 'balance' => balance,
                   'created_at' => redeemed_at.utc.strftime('%Y-%m-%dT%H:%M:%SZ'), 'expires_at' => promo['expires_at'],
                   'id' => credit_id, 'title' => promo['title'], 'updated_at' => NOW, 'account_id' => acct['id'] }
        store.credits << credit
        created(credit_rep(credit))
      end

      def uuid_from(seed)
        h = Digest::SHA256.hexdigest(seed)
        h = h[0, 12] + '4' + h[13, 3] + ((h[16].to_i(16) & 0x3) | 0x8).to_s(16) + h[17, 15]
        "#{h[0, 8]}-#{h[8, 4]}-#{h[12, 4]}-#{h[16, 4]}-#{h[20, 12]}"
      end

      # ---------------------------------------------------------------- handlers: payment method / payments

      def get_payment_method = pick(current_account['payment_method'], PAYMENT_METHOD_KEYS)

      # The processors' well-known test card that is always declined: a payment with it fails (state "failure").
      DECLINING_CARD = '4000000000000002'

      PM_NULLABLE = %w[address_1 card_number cvv expiration_month expiration_year other nonce].freeze
      PM_STRINGS = %w[address_2 city country first_name last_name postal_code state device_data].freeze

      def patch_payment_method
        acct = current_account
        body = json_body
        (PM_NULLABLE + PM_STRINGS).each do |k|
          next unless body.key?(k)
          next if body[k].nil? && PM_NULLABLE.include?(k)

          invalid("#{k} must be a string#{PM_NULLABLE.include?(k) ? ' or null' : ''}.") unless body[k].is_a?(String)
          invalid("#{k} must be at most 255 characters.") if body[k].length > 255
        end
        pm = acct['payment_method'].dup
        if body['card_number']
          digits = body['card_number'].gsub(/[\s-]/, '')
          invalid('card_number must be 12 to 19 digits.') unless digits.match?(/\A\d{12,19}\z/)
          pm['card_last4'] = digits[-4, 4]
          # Internal, never rendered: the processor's verdict on this card (its test number for "card declined").
          pm['declines'] = digits == DECLINING_CARD
          pm['card_type'] = { '4' => 'VISA', '5' => 'MasterCard', '3' => 'American Express',
                              '6' => 'Discover' }.fetch(digits[0], 'Unknown')
        end
        invalid('cvv must be 3 or 4 digits.') if body['cvv'] && !body['cvv'].match?(/\A\d{3,4}\z/)
        if body['expiration_month']
          invalid('expiration_month must be 1 to 12.') unless body['expiration_month'].match?(/\A(0?[1-9]|1[0-2])\z/)
          pm['expiration_month'] = format('%02d', body['expiration_month'].to_i)
        elsif body.key?('expiration_month')
          pm['expiration_month'] = nil
        end
        if body['expiration_year']
          invalid('expiration_year must be a four-digit year.') unless body['expiration_year'].match?(/\A\d{4}\z/)
          pm['expiration_year'] = body['expiration_year']
        elsif body.key?('expiration_year')
          pm['expiration_year'] = nil
        end
        %w[address_1 address_2 city country first_name last_name other postal_code state].each do |k|
          pm[k] = body[k] if body.key?(k)
        end
        acct['payment_method'] = pm
        pick(pm, PAYMENT_METHOD_KEYS)
      end

      def create_account_payment
        acct = current_account
        pay(acct, [:account, acct['id']], account_invoices(acct))
      end

      def create_team_payment(ident)
        team = find_team(ident)
        acct = @token['account_id'] && store.account(@token['account_id'])
        raise ApiError.new(403, 'forbidden', 'A user account is required to make a payment.') unless acct

        pay(acct, [:team, team['id']], store.team_invoices.select { |i| i['team_id'] == team['id'] })
      end

      def pay(acct, scope, invoices)
        body = json_body
        missing = %w[amount invoice_id uuid].reject { |k| body.key?(k) && !body[k].nil? }
        invalid("Missing required params: #{missing.join(', ')}.") unless missing.empty?
        amount = body['amount']
        invalid('amount must be a positive number of cents.') unless amount.is_a?(Numeric) && amount.positive?
        invalid('amount must be a whole number of cents.') unless amount == amount.floor
        invalid('invoice_id must be an invoice number.') unless body['invoice_id'].is_a?(Integer)
        unless body['uuid'].is_a?(String) && UUID_RE.match?(body['uuid'])
          invalid('uuid must be a UUID.')
        end
        key = body['uuid'].downcase
        if (prev = store.payments[key])
          same = prev[:scope] == scope && prev[:amount] == amount && prev[:invoice_number] == body['invoice_id']
          raise ApiError.new(409, 'conflict', 'This payment uuid was already used for a different payment.') unless same

          return created(prev[:rep])
        end
        inv = invoices.find { |i| i['number'] == body['invoice_id'] }
        missing('invoice') unless inv
        outstanding = inv['total'].to_i - inv['paid_cents']
        invalid('That invoice is already paid.') if inv['state'] == 1 || outstanding <= 0
        invalid("amount exceeds the invoice balance of #{outstanding} cents.") if amount.to_i > outstanding

        return created(decline(acct, scope, key, amount, body['invoice_id'], inv)) if acct.dig('payment_method', 'declines')

        inv['paid_cents'] += amount.to_i
        if inv['paid_cents'] >= inv['total'].to_i
          inv['state'] = 1
          inv['updated_at'] = NOW
          inv['payment_status'] = 'Paid' if inv.key?('payment_status')
          clear_delinquency(acct) if scope[0] == :account
        end
        rep = {
          'amount' => amount, 'created_at' => NOW, 'id' => store.next_payment_id,
          'invoice' => { 'id' => inv['id'], 'number' => inv['number'] }, 'updated_at' => NOW,
          'user' => { 'email' => acct['email'], 'id' => acct['id'] }, 'state' => 'success'
        }
        store.payments[key] = { scope: scope, amount: amount, invoice_number: body['invoice_id'], rep: rep }
        created(rep)
      end

      # A declined charge: nothing collected, the invoice's state becomes 2 (failed; team invoices "Failed"), and the
      # payment is recorded with state "failure" under its uuid, so a retry answers the same failed payment.
      def decline(acct, scope, key, amount, invoice_number, inv)
        inv['state'] = 2
        inv['updated_at'] = NOW
        inv['payment_status'] = 'Failed' if inv.key?('payment_status')
        rep = {
          'amount' => amount, 'created_at' => NOW, 'id' => store.next_payment_id,
          'invoice' => { 'id' => inv['id'], 'number' => inv['number'] }, 'updated_at' => NOW,
          'user' => { 'email' => acct['email'], 'id' => acct['id'] }, 'state' => 'failure'
        }
        store.payments[key] = { scope: scope, amount: amount, invoice_number: invoice_number, rep: rep }
        rep
      end

      def clear_delinquency(acct)
        return if account_invoices(acct).any? { |i| i['state'] == 2 }

        acct['delinquent_at'] = nil
        acct['delinquency'] = { 'scheduled_suspension_time' => nil, 'scheduled_deletion_time' => nil }
      end

      # ---------------------------------------------------------------- handlers: teams / enterprise

      def list_teams = visible_teams.map { |t| team_rep(t) }
      def get_team(ident) = team_rep(find_team(ident))
      def get_team_delinquency(ident) = pick(find_team(ident)['delinquency'], DELINQUENCY_KEYS)

      def team_invoices(team) = store.team_invoices.select { |i| i['team_id'] == team['id'] }
      def list_team_invoices(ident) = team_invoices(find_team(ident)).map { |i| team_invoice_rep(i) }

      def get_team_invoice(ident, number)
        team_invoice_rep(find_invoice(team_invoices(find_team(ident)), number))
      end

      def list_enterprises = visible_enterprises.map { |e| enterprise_rep(e) }
      def get_enterprise(ident) = enterprise_rep(find_enterprise(ident))

      def list_enterprise_teams(ident)
        ea = find_enterprise(ident)
        store.teams.select { |t| t['enterprise_account_id'] == ea['id'] }.map { |t| team_rep(t) }
      end

      # ---------------------------------------------------------------- handlers: catalogue

      def list_dyno_sizes = store.dyno_sizes.map { |s| dyno_size_rep(s) }

      def get_dyno_size(ident)
        size = store.dyno_sizes.find { |s| s['id'] == ident.downcase || s['name'] == ident.downcase }
        missing('dyno size') unless size
        dyno_size_rep(size)
      end

      def find_service(ident)
        svc = store.services.find { |s| s['id'] == ident.downcase || s['name'] == ident.downcase }
        missing('add-on service') unless svc
        svc
      end

      def list_services = store.services.map { |s| service_rep(s) }
      def get_service(ident) = service_rep(find_service(ident))

      def service_plans(svc) = store.plans.select { |p| p['addon_service']['id'] == svc['id'] }
      def list_service_plans(ident) = service_plans(find_service(ident)).map { |p| plan_rep(p) }

      def get_service_plan(sident, pident)
        svc = find_service(sident)
        p = pident.downcase
        plan = service_plans(svc).find { |x| x['id'] == p || x['name'] == p || x['name'] == "#{svc['name']}:#{p}" }
        missing('plan') unless plan
        plan_rep(plan)
      end

      def get_plan(ident)
        plan = store.plans.find { |x| x['id'] == ident.downcase || x['name'] == ident.downcase }
        missing('plan') unless plan
        plan_rep(plan)
      end

      # ---------------------------------------------------------------- handlers: internal

      def list_internal_tokens
        raise ApiError.new(403, 'forbidden', 'This endpoint requires an admin token.') unless admin?

        store.tokens.values.map do |t|
          { 'token_sha256' => Digest::SHA256.hexdigest(t['token']), 'role' => t['role'],
            'account_id' => t['account_id'], 'team_ids' => t['team_ids'],
            'enterprise_account_ids' => t['enterprise_account_ids'] }
        end.sort_by { |t| t['token_sha256'] }
      end

      # Exports for the Invoicing backfill (admin only, unpaged): billing entities with invoice addresses,
      # app names and owners, every invoice with its owner and lines, every credit with its account.
      def require_admin!
        raise ApiError.new(403, 'forbidden', 'This endpoint requires an admin token.') unless admin?
      end

      def internal_directory
        require_admin!
        {
          'accounts' => store.accounts.map { |a| { 'id' => a['id'], 'invoice_address' => pick(a['invoice_address'], ADDRESS_KEYS) } },
          'teams' => store.teams.map { |t| { 'id' => t['id'], 'name' => t['name'] } },
          'apps' => store.apps.map { |a| a.slice('id', 'name', 'owner_account_id', 'team_id') }
        }
      end

      def list_internal_invoices
        require_admin!
        accounts = store.account_invoices.map { |i| invoice_rep(i).merge('account_id' => i['account_id'], 'team_id' => nil, 'lines' => i['lines']) }
        teams = store.team_invoices.map { |i| team_invoice_rep(i).merge('account_id' => nil, 'team_id' => i['team_id'], 'lines' => i['lines']) }
        (accounts + teams).sort_by { |i| i['number'] }
      end

      # Payment state of every account and team invoice (admin only, unpaged, by number): what Invoicing polls while
      # legacy still collects. `paid_cents` is what payments have collected so far.
      def list_internal_invoice_payments
        require_admin!
        (store.account_invoices + store.team_invoices)
          .map { |i| { 'number' => i['number'], 'id' => i['id'], 'state' => i['state'], 'paid_cents' => i['paid_cents'], 'updated_at' => i['updated_at'] } }
          .sort_by { |i| i['number'] }
      end

      # The codes POST /account/credits redeems (admin only, unpaged): what Invoicing imports to take redemptions over.
      def list_internal_promo_codes
        require_admin!
        store.promo_codes.map { |p| p.slice('code1', 'code2', 'title', 'amount', 'expires_at') }
                         .sort_by { |p| [p['code1'], p['code2'].to_s] }
      end

      def list_internal_credits
        require_admin!
        store.credits.map { |c| credit_rep(c).merge('account_id' => c['account_id']) }.sort_by { |c| c['id'] }
      end

      # Every account and team delinquent right now (a payment that clears an account removes it). Teams carry
      # no delinquent_at in legacy, so theirs is the service's clock: "delinquent as of now".
      def list_internal_delinquencies
        raise ApiError.new(403, 'forbidden', 'This endpoint requires an admin token.') unless admin?

        accounts = store.accounts.select { |a| a['delinquent_at'] }
                        .map { |a| { 'owner' => "account:#{a['id']}", 'delinquent_at' => a['delinquent_at'] } }
        teams = store.teams.select { |t| t['delinquent_at'] || t.dig('delinquency', 'scheduled_suspension_time') }
                     .map { |t| { 'owner' => "team:#{t['id']}", 'delinquent_at' => t['delinquent_at'] || NOW } }
        (accounts + teams).sort_by { |d| d['owner'] }
      end
    end
  end
end

# /internal/tokens and /internal/delinquencies are plain (unpaged) lists: they ignore Range like non-list endpoints.

if $PROGRAM_NAME == __FILE__
  quiet = ARGV.include?('--quiet') || %w[1 true yes].include?(ENV.fetch('QUIET', '').downcase)
  app = RubyBilling::App
  if quiet
    app.set :quiet, true
    app.set :server_settings, { Logger: WEBrick::Log.new(File::NULL), AccessLog: [] }
  else
    app.set :server_settings, { AccessLog: [[$stderr, WEBrick::AccessLog::COMMON_LOG_FORMAT]] }
  end
  app.run!
end
