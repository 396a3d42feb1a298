import RasimCLI

await RasimMain.run(CommandLine.arguments)
