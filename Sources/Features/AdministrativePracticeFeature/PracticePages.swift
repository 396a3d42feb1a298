import AdministrativePractice
import Foundation
import Hummingbird
import Identifiers
import NIOCore
import LegalCore
import Storage
import JSONKit
import WebKit

/// ADM-PRACTICE-2025's page: the bodies the user sees, each with its findings — what expires soonest first —,
/// its semi-annual reports and its indicator by year, in the user's language. The same use case as the routes
/// (`PracticeAPI.judged`).
struct PracticePages: Sendable {
    let kit: PageKit
    let api: PracticeAPI

    func register(_ router: Router<AppContext>) {
        router.get("practice") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.page(v) } }
        router.get("practice/{id}/cases") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.cases(ctx, v) } }
        router.get("practice/{id}/procedures") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.procedures(ctx, v) } }
        router.get("practice/{id}/procedures/{procedure}") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.instruction(ctx, v) } }
        router.get("practice/{id}/report") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.report(req, ctx, v, xlsx: false) } }
        router.get("practice/{id}/report.xlsx") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.report(req, ctx, v, xlsx: true) } }
    }

    /// §8 and App.1: the body's list of procedures, each with its instruction's state and its findings.
    func procedures(_ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        let findings = try PracticeAPI.evaluated(asOf: today, bodies: [body], calendar: api.calendar).findings
        var c = kit.base(v, title: t("procedures_title"))
        c["name"] = name; c["as_of"] = kit.date(today, v.lang)
        c["procedures"] = body.procedures.filter { $0.listedOn <= today }.map { p -> [String: Any] in
            let current = p.instructions.filter { $0.approvedOn <= today }.max { $0.approvedOn < $1.approvedOn }
            let state = current.map { i in
                "\(i.version) — \(kit.date(i.approvedOn, v.lang)), \(I18n.pick(i.approver.label, v.lang)), "
                    + t(i.placedOn.map { $0 <= today } == true ? "procedures_placed" : "procedures_not_placed")
            } ?? t("procedures_none")
            return ["id": p.id, "body": body.id, "public_service": p.publicService, "listed": kit.date(p.listedOn, v.lang), "current": state,
                    "versions": p.instructions.count, "changes": p.orderChanges.sorted().map { kit.date($0, v.lang) }.joined(separator: ", "),
                    "findings": findings.filter { $0.subject == p.id && $0.code != .deadlineApproaching }.count]
        }
        return kit.render("practice_procedures", c)
    }

    /// §9 and App.2: a procedure's instruction, its versions side by side, what each changed marked.
    func instruction(_ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let raw = try ctx.parameters.require("procedure")
        let pid = raw.removingPercentEncoding ?? raw
        guard RecordID.problem(pid) == nil, let p = body.procedures.first(where: { $0.id == pid }) else {
            throw APIError.notFound(t("procedures_none"), path: "procedure")
        }
        let versions = p.instructions.sorted { $0.approvedOn < $1.approvedOn }
        var c = kit.base(v, title: t("instruction_title"))
        c["name"] = name; c["procedure"] = p.id; c["body"] = body.id
        c["no_versions"] = versions.isEmpty
        c["versions"] = versions.map { i -> [String: Any] in
            ["version": i.version, "approved": kit.date(i.approvedOn, v.lang), "approver": I18n.pick(i.approver.label, v.lang),
             "placed": kit.date(i.placedOn, v.lang)]
        }
        let rowKeys: [String] = ["name"] + (1...16).map(String.init)
        var rows: [[String: Any]] = []
        for row in rowKeys {
            var cells: [[String: Any]] = []
            for (k, i) in versions.enumerated() {
                let text = i.app2[row] ?? ""
                let before = k > 0 ? (versions[k - 1].app2[row] ?? "") : text
                cells.append(["text": text.isEmpty ? "—" : text, "changed": before != text])
            }
            let label = (row == "name" ? "" : row + ". ") + t("app2_row_" + row)
            rows.append(["label": label, "cells": cells])
        }
        c["rows"] = rows
        return kit.render("practice_instruction", c)
    }

    /// A stored body the viewer sees, with its organization's name — or the page's 404.
    func visibleBody(_ ctx: AppContext, _ v: Viewer) async throws -> (body: Body, name: String) {
        let id = try Requests.pathID(ctx)
        guard v.id.canSee(provider: id), let body = try await api.stored(visible: [id]).first else {
            throw APIError.notFound(kit.i18n.t("practice_empty", v.lang), path: "id")
        }
        return (body, try await api.store.organizations().first { $0.id == id }?.name ?? id)
    }

    /// App.3's 13 numbered columns with their headings.
    func app3Columns(_ v: Viewer) -> [[String: Any]] {
        (1...13).map { ["number": String($0), "label": kit.i18n.t("app3_col_\($0)", v.lang)] }
    }

    /// App.3's 13 cells for each case, in the viewer's language, as they stand on `today`.
    func app3Rows(_ cases: [CourtCase], name: String, today: LocalDate, _ v: Viewer) -> [(id: String, cells: [String])] {
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        func date(_ d: LocalDate?) -> String { kit.date(d, v.lang) }
        func join(_ parts: [String?]) -> String { parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ") }
        func decision(_ d: CourtCase.Decision?) -> String {
            guard let d, d.date <= today else { return "" }
            return join([d.caseNumber, date(d.date), t("app3_outcome_\(d.outcome.rawValue)"), d.content])
        }
        return cases.enumerated().map { i, k in
            let final = k.inForceOn.map { $0 <= today } ?? false
            let instance = k.cassation.map { _ in "app3_instance_cassation" } ?? k.appeal.map { _ in "app3_instance_appeal" } ?? "app3_instance_first"
            return (k.id, [
                String(i + 1), name,
                final ? t("app3_status_final") + " (" + date(k.inForceOn) + ")" : t("app3_status_pending") + " (" + t(instance) + ")",
                join([k.actName, k.actContent, date(k.actAdoptedOn)]),
                join([t(k.pretrialHeld ? "app3_pretrial_held" : "app3_pretrial_not_held"), k.pretrialBy, k.pretrialAct, k.pretrialReason]),
                k.claim ?? "", decision(k.firstInstance), decision(k.appeal), decision(k.cassation),
                k.annulmentReasons ?? "", k.preventiveMeasures ?? "", k.causeMeasures ?? "",
                k.privateRulings.map { join([$0.content, $0.action]) }.joined(separator: " | "),
            ])
        }
    }

    /// §16 and App.4: the semi-annual generalization report for a chosen period (`?period=YYYY-06|12`, the latest by
    /// default) — the figures the report states and the App.3 rows of the cases in proceedings in it; as a page or XLSX.
    func report(_ req: Request, _ ctx: AppContext, _ v: Viewer, xlsx: Bool) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        let rows = try PracticeAPI.evaluated(asOf: today, bodies: [body], calendar: api.calendar).reports
        guard let latest = rows.last else { throw APIError.notFound(t("practice_not_covered"), path: "id") }
        var period = latest.period
        if let text = req.uri.queryParameters["period"].map(String.init), !text.isEmpty {
            guard let p = HalfYear(text), rows.contains(where: { $0.period == p }) else { throw APIError.invalid(t("app4_unknown_period"), path: "period") }
            period = p
        }
        let row = rows.first { $0.period == period }!
        let cases = app3Rows(Practice.casesInProceedings(body, period: period, asOf: today), name: name, today: today, v)
        if xlsx {
            let book = XLSXWriter(sheetName: "App.3 " + period.description, header: (1...13).map { t("app3_col_\($0)") },
                                  rows: cases.map { $0.cells.map { XLSXWriter.Cell.text($0) } }, widths: [6, 24, 22, 30, 30, 28, 30, 30, 30, 28, 28, 28, 30])
            return PageKit.download(ByteBuffer(bytes: book.data()), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                    filename: "rasim-app3-\(body.id)-\(period).xlsx")
        }
        var c = kit.base(v, title: t("app4_title"))
        c["name"] = name; c["id"] = body.id; c["period"] = period.description
        c["from"] = kit.date(period.from, v.lang); c["to"] = kit.date(period.to, v.lang); c["due"] = kit.date(row.due, v.lang)
        c["status"] = t("practice_status_\(row.status.rawValue)")
        c["submitted"] = kit.date(row.submittedOn, v.lang)
        c["cases_count"] = row.casesInProceedings; c["for_body"] = row.decisionsForBody; c["against_body"] = row.decisionsAgainstBody
        c["fields"] = row.fields.isEmpty ? "—" : row.fields.joined(separator: ", ")
        c["periods"] = rows.map { ["value": $0.period.description, "selected": $0.period == period] }
        c["columns"] = app3Columns(v)
        c["rows"] = cases.map { ["id": $0.id, "cells": $0.cells] }
        c["empty"] = cases.isEmpty
        return kit.render("practice_report", c)
    }

    /// App.3: the body's court cases, one row per case, its 13 columns as the decree's form has them, printable
    /// on A4 landscape.
    func cases(_ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        var c = kit.base(v, title: t("app3_title"))
        c["title"] = t("app3_title")
        c["name"] = name
        c["as_of"] = kit.date(today, v.lang)
        c["columns"] = app3Columns(v)
        let rows = app3Rows(body.courtCases.filter { $0.filedOn <= today }, name: name, today: today, v)
        c["empty"] = rows.isEmpty
        c["rows"] = rows.map { ["id": $0.id, "cells": $0.cells] }
        return kit.render("practice_cases", c)
    }

    func page(_ v: Viewer) async throws -> Response {
        let today = try Today.of(api.calendar).day
        let result = try await api.judged(visible: v.id.visibleOrganizations, asOf: today)
        let names = Dictionary(try await api.store.organizations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        var c = kit.base(v, title: t("practice_title"))
        c["as_of"] = kit.date(today, v.lang)
        c["empty"] = result.bodies.isEmpty
        c["bodies"] = result.bodies.map { b -> [String: Any] in
            // What expires first comes first: warnings by due day, then broken terms by due day, then the rest.
            let findings = result.findings.filter { $0.body == b.id }.enumerated().sorted { x, y in
                func rank(_ f: PracticeFinding) -> Int { f.code == .deadlineApproaching ? 0 : f.due != nil ? 1 : 2 }
                let (a, b) = (x.element, y.element)
                if rank(a) != rank(b) { return rank(a) < rank(b) }
                if a.due != b.due { return (a.due?.dayNumber ?? .max) < (b.due?.dayNumber ?? .max) }
                return x.offset < y.offset
            }.map(\.element)
            return [
                "id": b.id, "name": names[b.id] ?? b.id, "covered": b.covered, "no_findings": findings.isEmpty,
                "findings": findings.map { f -> [String: Any] in
                    ["subject": f.subject, "code": f.code.rawValue, "label": t("practice_code_\(f.code.rawValue)"),
                     "severity": t("practice_severity_\(f.severity.rawValue)"), "severity_class": f.severity.rawValue,
                     "due": kit.date(f.due, v.lang), "citations": f.citation.map(\.description).joined(separator: "; "),
                     "message": I18n.pick(f.message, v.lang)]
                },
                "reports": result.reports.filter { $0.body == b.id }.map { r -> [String: Any] in
                    ["period": r.period.description, "due": kit.date(r.due, v.lang), "status": t("practice_status_\(r.status.rawValue)"),
                     "cases": r.casesInProceedings, "for_body": r.decisionsForBody, "against_body": r.decisionsAgainstBody,
                     "fields": r.fields.joined(separator: ", ")]
                },
                "indicator": result.indicator.filter { $0.body == b.id }.map { i -> [String: Any] in
                    ["year": String(i.year), "decided": i.decided, "illegal": i.illegal, "share": i.share?.display ?? "—",
                     "target": i.target?.display ?? "—", "met": t(i.met.map { $0 ? "practice_met_yes" : "practice_met_no" } ?? "practice_met_unknown")]
                },
            ]
        }
        return kit.render("practice", c)
    }
}
