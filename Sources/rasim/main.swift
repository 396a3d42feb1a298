import RasimCLI

RasimMain.run(CommandLine.arguments)
