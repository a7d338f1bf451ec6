import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.cli.Main;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Run by bin/package with the source launcher (java -cp JAR:picocli-codegen.jar GenerateDocs.java OUT):
 * writes OUT/man/*.adoc (one man page per command, in AsciiDoc, which asciidoctor turns into troff)
 * and OUT/commonplace-orchestrator.bash (the completion script, which zsh reads through bashcompinit).
 * Both come from the same command model the program parses with, so they cannot drift from --help.
 */
public final class GenerateDocs {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        CommandLine cli = Main.everyCommand();
        Path man = Files.createDirectories(out.resolve("man"));
        // One page for the command and one per subcommand (commonplace-orchestrator-run.adoc, ...).
        int code = ManPageGenerator.generateManPage(man.toFile(), null, new boolean[0], true, cli.getCommandSpec());
        if (code != 0) {
            throw new IllegalStateException("picocli's man page generator exited " + code);
        }
        Files.writeString(out.resolve("commonplace-orchestrator.bash"), AutoComplete.bash("commonplace-orchestrator", cli));
    }
}
