import WebKit
import Foundation
import HTTPTypes
import Hummingbird
import JSONKit
import LegalCore
import NIOCore
import PublicServices
import Storage
import WorkCalendar

/// The pages people look things up in and take reports from: the service catalog and the findings report
/// (page, CSV, XLSX).
extension PublicServicesPages {
    // MARK: catalog

    func servicesPage(_ v: Viewer, imported: String? = nil, importText: String = "", importError: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let services = try await catalog.services()
        var c = kit.base(v, title: i18n.t("services_title", v.lang))
        // An administrator imports passports here (the same use case as POST /api/v1/services and rasim service import).
        c.put("may_import", v.may(.importServices) ? true : nil)
        c.put("imported", imported)
        c.put("import_error", importError)
        c["import_text"] = importText
        c["services"] = services.values.sorted { $0.id < $1.id }.map { p -> [String: Any] in
            var s: [String: Any] = [
                "id": p.id, "name": I18n.pick(p.name, v.lang), "term": p.term.label[v.lang],
                "hearing": i18n.t(p.hearingRequired ? "yes" : "no", v.lang), "free": i18n.t(p.free ? "yes" : "no", v.lang),
                "documents": p.requiredDocuments.joined(separator: ", "), "systems": p.obtainedFromSystems.joined(separator: ", "),
                "schedule": "\(p.schedule.open)–\(p.schedule.close) (\(zoneName(p.schedule.timeZone, v.lang)))",
                "permit": i18n.t("permit_\(p.permitCategory.rawValue)", v.lang), "queue": i18n.t(p.queue ? "yes" : "no", v.lang),
            ]
            s.put("refusal_term", p.refusalTerm.map { $0.label[v.lang] })
            return s
        }
        return kit.render("services", c, status: status)
    }

    // MARK: findings report

    /// The findings the report covers, as a query: the visible applications filtered like the register (but for the
    /// finding, which chooses the findings counted), their kept judgements brought up to date first.
    func reportQuery(_ req: Request, _ v: Viewer) async throws -> (filter: RegisterFilter, applications: KeptFilter) {
        let filter = pageFilter(req, v, services: try await catalog.services())
        try await api.refresh(asOf: try today().asOf)
        return (filter, keptFilter(filter, v))
    }

    func reportPage(_ req: Request, _ v: Viewer) async throws -> Response {
        let (filter, applications) = try await reportQuery(req, v)
        let services = try await catalog.services()
        let module = API.judgementModule
        var byCode = try await store.keptFindingCodes(module: module, applications)
        if let only = filter.finding { byCode = byCode.filter { $0.key == only } }
        var c = kit.base(v, title: i18n.t("report_title", v.lang))
        showProblems(filter, prefix: "p-", in: &c)
        c["total"] = byCode.values.reduce(0, +)
        c["applications"] = try await store.keptCount(module: module, applications)
        c["query"] = filter.query()
        c["from"] = filter.from?.description ?? ""; c["to"] = filter.to?.description ?? ""
        let visible = try await store.organizations().filter { v.id.canSee(provider: $0.id) }
        let names = try await organizationNames(v.lang)
        c["providers"] = options(visible.map { ($0.id, names[$0.id] ?? $0.name) }, selected: filter.provider)
        c["codes"] = options(FindingCode.allCases.map { ($0.rawValue, i18n.t("code_\($0.rawValue)", v.lang)) }, selected: filter.finding)
        c["services"] = options(services.values.sorted { $0.id < $1.id }.map { ($0.id, I18n.pick($0.name, v.lang)) }, selected: filter.service)
        let codes = codeCounts(byCode, v.lang)
        let byDay = try await store.keptFindingsByReceiptDay(module: module, applications, except: FindingCode.deadlineApproaching.rawValue, only: filter.finding)
        c["chart_month"] = Charts.columns(findingsPerMonth(byDay, span: try await store.keptReceiptSpan(module: module, applications), v.lang),
                                          title: i18n.t("chart_findings_per_month", v.lang), description: i18n.t("chart_findings_per_month_desc", v.lang))
        c["chart_code"] = Charts.rows(codes.map { Charts.Bar(label: $0.label, value: $0.count) },
                                      title: i18n.t("chart_findings_per_code", v.lang), description: i18n.t("chart_findings_per_code_desc", v.lang))
        c["codes_table"] = codes.map { ["code": $0.code, "label": $0.label, "count": $0.count, "basis": basis($0.code, v.lang)] }
        return kit.render("report", c)
    }

    /// The report's columns, in the viewer's language, and its rows a page at a time (streamed from the database).
    func reportTable(_ req: Request, _ v: Viewer) async throws
        -> (filter: RegisterFilter, header: [String], rows: @Sendable (_ each: ([[XLSXWriter.Cell]]) async throws -> Void) async throws -> Void) {
        let (filter, applications) = try await reportQuery(req, v)
        if let p = filter.problems.first { throw APIError.invalid(p.message, path: p.field) }
        let services = try await catalog.services()
        let orgs = try await organizationNames(v.lang)
        let header = ["report_col_application", "report_col_service", "report_col_provider", "report_col_received", "report_col_code",
                      "report_col_finding", "report_col_severity", "report_col_due", "report_col_actual", "report_col_late",
                      "report_col_citation", "report_col_message"].map { i18n.t($0, v.lang) }
        let lang = v.lang, pages = self, code = filter.finding
        @Sendable func day(_ d: Int32?) -> XLSXWriter.Cell { d.map { .date(LocalDate(dayNumber: $0)) } ?? .empty }
        return (filter, header, { each in
            try await pages.store.streamKeptFindingRows(module: API.judgementModule, applications, code: code) { page in
                try await each(page.map { (row, received, f) -> [XLSXWriter.Cell] in
                    [.text(row.id), .text(pages.serviceName(row.service, services, lang)), .text(orgs[row.provider] ?? row.provider),
                     day(received), .text(f.code), .text(pages.i18n.t("code_\(f.code)", lang)),
                     .text(Severity(rawValue: f.severity).map { I18n.pick($0.label, lang) } ?? f.severity), day(f.due), day(f.actual),
                     f.lateWorkingDays.map { .number($0) } ?? .empty, .text(pages.citations(f.citation, lang)), .text(Self.message(f, lang))]
                })
            }
        })
    }

    /// A kept finding's message in `lang` (from its JSON, as the API answers it).
    static func message(_ f: StoredFinding, _ lang: Language) -> String {
        guard let v = try? JSONParser.document(f.body), case .object(let pairs) = v,
              case .object(let message)? = pairs.first(where: { $0.0 == "message" })?.1,
              case .string(let text)? = message.first(where: { $0.0 == lang.rawValue })?.1 else { return "" }
        return text
    }

    /// The report as CSV: fields separated by `;` — what Excel expects in a Kazakh or Russian locale — or by `,` with
    /// `?sep=comma`; dates as YYYY-MM-DD, which every spreadsheet reads as a date.
    func findingsCSV(_ req: Request, _ v: Viewer) async throws -> Response {
        let t = try await reportTable(req, v)
        return Self.csvDownload(req, header: t.header, rows: t.rows, filename: try reportFileName(t.filter, "csv"))
    }

    /// A table streamed as CSV: the header, then each batch of rows as it is read.
    static func csvDownload(_ req: Request, header: [String], rows: @escaping @Sendable (_ each: ([[XLSXWriter.Cell]]) async throws -> Void) async throws -> Void,
                            filename: String) -> Response {
        let sep = req.uri.queryParameters["sep"] == "comma" ? "," : ";"
        let first = csv(header: header, rows: [], separator: sep)
        return PageKit.download(ResponseBody { writer in
            try await writer.write(ByteBuffer(string: first))
            try await rows { batch in try await writer.write(ByteBuffer(string: csvLines(batch, separator: sep))) }
            try await writer.finish(nil)
        }, type: "text/csv; charset=utf-8", filename: filename)
    }

    /// A table streamed as a spreadsheet (`XLSXStream`): memory holds one batch of rows.
    static func xlsxDownload(sheet: String, header: [String], widths: [Int],
                             rows: @escaping @Sendable (_ each: ([[XLSXWriter.Cell]]) async throws -> Void) async throws -> Void, filename: String) -> Response {
        PageKit.download(ResponseBody { writer in
            var book = XLSXStream(sheetName: sheet, header: header, widths: widths)
            try await writer.write(ByteBuffer(bytes: book.start()))
            try await rows { batch in
                let bytes = book.rows(batch)
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.write(ByteBuffer(bytes: book.finish()))
            try await writer.finish(nil)
        }, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: filename)
    }

    /// A table as CSV (with a BOM, so Excel reads UTF-8), fields separated by `sep`.
    static func csv(header: [String], rows: [[XLSXWriter.Cell]], separator sep: String) -> String {
        func cell(_ c: XLSXWriter.Cell) -> String {
            switch c {
            case .empty: return ""
            case .number(let n): return String(n)
            case .date(let d): return d.description
            case .text(let t):
                // RFC 4180 quoting; a leading = + - @ TAB CR is prefixed so a spreadsheet never runs it as a formula
                // (OWASP CSV injection: a spreadsheet skips a leading TAB or CR and reads the formula after it).
                let safe = t.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + t : t
                return safe.contains(where: { (sep + "\"\n\r").contains($0) }) ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
            }
        }
        var text = "\u{FEFF}" + header.map { cell(.text($0)) }.joined(separator: sep) + "\r\n"
        for r in rows { text += r.map(cell).joined(separator: sep) + "\r\n" }
        return text
    }

    /// CSV lines of `rows` without the header (a streamed export's later parts).
    static func csvLines(_ rows: [[XLSXWriter.Cell]], separator sep: String) -> String {
        guard !rows.isEmpty else { return "" }
        let whole = csv(header: [], rows: rows, separator: sep)
        return String(whole.unicodeScalars.dropFirst(3))  // the BOM and the empty header's CR LF
    }

    /// What the file holds and when it was made: `rasim-findings[-<code>][-<provider>]-<today>.<ext>`.
    func reportFileName(_ filter: RegisterFilter, _ ext: String) throws -> String {
        "rasim-findings" + (filter.finding.map { "-" + $0 } ?? "") + (filter.provider.map { "-" + $0 } ?? "") + "-\(try Today.of(calendar).day).\(ext)"
    }

    func findingsXLSX(_ req: Request, _ v: Viewer) async throws -> Response {
        let t = try await reportTable(req, v)
        return Self.xlsxDownload(sheet: i18n.t("report_sheet", v.lang), header: t.header, widths: [14, 40, 36, 12, 26, 40, 14, 12, 12, 10, 44, 90],
                                 rows: t.rows, filename: try reportFileName(t.filter, "xlsx"))
    }
}
