import JSONKit
import LegalCore
import PublicServices
import WorkCalendar

/// Runs `rasim check` over a document: pass 1 validates every application (ids, references, dates the
/// calendar covers) and builds the queue; pass 2 judges in application-id order and hands each finding,
/// sorted by code, to `emit`. Nothing is emitted unless the whole input is valid.
public struct CheckRunner {
    public struct Failure: Error, Sendable {
        public var code: String
        public var message: String
        public var path: String
    }

    public let document: CheckDocument
    public let bytes: UnsafeRawBufferPointer
    public let calendar: KazakhCalendar

    public init(bytes: UnsafeRawBufferPointer, calendar: KazakhCalendar) throws(Failure) {
        self.bytes = bytes
        self.calendar = calendar
        do { document = try CheckDocument(bytes, zones: calendar.zones) } catch { throw Failure(error) }
    }

    /// Judges everything. `progress(pass, done)` is called after each application.
    public func run(trace: Bool, progress: (Int, Int) -> Void = { _, _ in },
                    emit: (Finding) -> Void) throws(Failure) -> (applications: Int, findings: Int, byCode: [String: Int]) {
        let doc = document
        let n = doc.applicationOffsets.count
        var ids: [String: Int] = [:]
        ids.reserveCapacity(n)
        var queue = QueueIndex()
        var order: [(id: String, index: Int)] = []
        order.reserveCapacity(n)
        var ctx = CheckContext(asOf: doc.asOf, calendar: calendar, services: doc.services, officials: doc.officials)
        for i in 0..<n {
            let app: Application
            do { app = try doc.application(i, in: bytes) } catch { throw Failure(error) }
            if let first = ids[app.id] {
                throw Failure(code: "invalid_input", message: "duplicate application id \"\(app.id)\" (first at $.applications[\(first)])",
                              path: "$.applications[\(i)].id")
            }
            ids[app.id] = i
            order.append((app.id, i))
            if doc.services[app.service]?.queue == true { queue.add(app, asOf: doc.asOf) }
            do { _ = try Checks.judge(app, in: ctx) } catch { throw Failure(error, application: i) }
            progress(1, i + 1)
        }
        ctx.queue = queue
        ctx.detailedTraces = trace
        order.sort { $0.id < $1.id }
        var count = 0
        var byCode: [String: Int] = [:]
        for (k, entry) in order.enumerated() {
            let app: Application
            do { app = try doc.application(entry.index, in: bytes) } catch { throw Failure(error) }
            let findings: [Finding]
            do { findings = try Checks.judge(app, in: ctx) } catch { throw Failure(error, application: entry.index) }
            for f in findings.enumerated().sorted(by: { ($0.element.code, $0.offset) < ($1.element.code, $1.offset) }).map(\.element) {
                emit(f)
                count += 1
                byCode[f.code, default: 0] += 1
            }
            progress(2, k + 1)
        }
        return (n, count, byCode)
    }

    /// All findings of a document, in output order (for tests and the server; the CLI streams instead).
    public static func findings(bytes: UnsafeRawBufferPointer, calendar: KazakhCalendar, trace: Bool = false) throws(Failure) -> [Finding] {
        let runner = try CheckRunner(bytes: bytes, calendar: calendar)
        var out: [Finding] = []
        _ = try runner.run(trace: trace) { out.append($0) }
        return out
    }
}

extension CheckRunner.Failure {
    init(_ e: InputError) { self.init(code: e.code, message: e.message, path: e.path) }

    init(_ e: CheckError, application i: Int) {
        let at = e.eventIndex.map { "$.applications[\(i)].events[\($0)].\(e.field)" } ?? (e.field == "asOf" ? "$.asOf" : "$.applications[\(i)]")
        self.init(code: e.error.code, message: e.error.description, path: at)
    }
}
