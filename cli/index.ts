import { adminCreateCommand } from "./commands/admin-create";
import { apiKeyCreateCommand } from "./commands/api-key-create";
import { auditVerifyCommand } from "./commands/audit-verify";
import { doctorCommand } from "./commands/doctor";
import { purgeCommand } from "./commands/purge";
import { siteAddCommand } from "./commands/site-add";

type TCommand = { usage: string; run: (args: string[]) => Promise<number> };

const commands: Record<string, TCommand> = {
  "admin create": { usage: "admin create --email E --name N [--password P] [--role admin|agent]", run: adminCreateCommand },
  "api-key create": { usage: "api-key create --name N [--email user@example.com]", run: apiKeyCreateCommand },
  "site add": { usage: "site add --name N --origin https://shop.example [--origin …] [--start-url URL] [--preset strict|balanced]", run: siteAddCommand },
  purge: { usage: "purge   (retention sweep: purge expired recordings, expire links, drop dead tokens)", run: purgeCommand },
  "audit verify": { usage: "audit verify   (check the audit log's hash chain)", run: auditVerifyCommand },
  doctor: { usage: "doctor", run: doctorCommand },
};

function help() {
  console.log("Usage: npx glimpse <command>\n");
  for (const c of Object.values(commands)) console.log(`  ${c.usage}`);
}

async function main(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(" ");
  const one = argv[0] ?? "";
  const [name, rest] = commands[two] ? [two, argv.slice(2)] : commands[one] ? [one, argv.slice(1)] : [null, []];
  if (!name) {
    help();
    return one && one !== "help" && one !== "--help" ? 2 : 0;
  }
  return commands[name]!.run(rest);
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
