import SQLKit

/// What a feature adds to the database: its own migrations, numbered 1, 2, … within the module and frozen once
/// shipped (a change is the next migration, never an edit), and the tables the audit log covers — each
/// audited write of the feature records its rows (`Audit.append(…, wrote:)`) and `rasim audit verify` checks
/// them like the platform's. A database is opened with the schemas of the features it serves
/// (`Database.open(…, schemas:)`); `Migrations.run` applies the platform's migrations, then each module's.
public struct ModuleSchema: Sendable {
    /// A covered table: its name, key columns and every covered column with its kind.
    public struct AuditedTable: Sendable {
        public enum Kind: Sendable { case text, optionalText, int, optionalInt }
        public let name: String
        public let key: [String]
        public let columns: [(name: String, kind: Kind)]
        public init(name: String, key: [String], columns: [(name: String, kind: Kind)]) {
            self.name = name; self.key = key; self.columns = columns
        }
    }

    /// The module's name (`rasim_module_migrations.module`): lower-case, stable forever.
    public let module: String
    public let migrations: [Migrations.Migration]
    public let auditedTables: [AuditedTable]

    public init(module: String, migrations: [Migrations.Migration], auditedTables: [AuditedTable] = []) {
        self.module = module; self.migrations = migrations; self.auditedTables = auditedTables
    }

    var ledgerTables: [Ledger.Table] {
        auditedTables.map { t in
            Ledger.Table(name: t.name, key: t.key, columns: t.columns.map { c in
                let kind: Ledger.Kind
                switch c.kind {
                case .text: kind = .text
                case .optionalText: kind = .optionalText
                case .int: kind = .int
                case .optionalInt: kind = .optionalInt
                }
                return (c.name, kind)
            })
        }
    }

    /// Refuses schemas that would corrupt another's history: two modules of one name, versions not 1, 2, … in
    /// order, a table the platform or another module covers, a key column that is not a covered text column.
    static func validate(_ schemas: [ModuleSchema]) throws {
        var modules = Set<String>(), tables = Set((Ledger.platformKeyed + [Ledger.events]).map(\.name))
        for s in schemas {
            guard !s.module.isEmpty, modules.insert(s.module).inserted else { throw StorageError.corrupt("module schema \"\(s.module)\" is given twice") }
            guard s.migrations.map(\.version) == (0..<s.migrations.count).map({ $0 + 1 }) else {
                throw StorageError.corrupt("module \(s.module): migrations must be numbered 1, 2, … in order")
            }
            for t in s.auditedTables {
                guard tables.insert(t.name).inserted else { throw StorageError.corrupt("module \(s.module): table \(t.name) is already covered") }
                for k in t.key where !t.columns.contains(where: { $0.name == k && $0.kind == .text }) {
                    throw StorageError.corrupt("module \(s.module): key column \(t.name).\(k) must be a covered text column")
                }
            }
        }
    }
}
