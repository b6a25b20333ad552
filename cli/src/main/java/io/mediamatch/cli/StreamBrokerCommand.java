package io.mediamatch.cli;

import io.mediamatch.stream.LocalBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediamatch stream broker}: a single-node Kafka on 127.0.0.1 until interrupted. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node Kafka broker (KRaft) in this process on 127.0.0.1, for trying the stream"
                + " job; Ctrl-C stops it. Its topics stay in --dir for the next start.",
            "Exit codes: 0 stopped; 2 error."})
final class StreamBrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "The port clients connect to (default ${DEFAULT-VALUE}; 0: a free port).")
    int port;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where the broker keeps its logs.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalBroker broker = LocalBroker.start(port, dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }));
        out.println("Kafka on " + broker.bootstrap() + " (logs in " + dir + "); Ctrl-C stops it");
        out.flush();
        stopped.await();
        return 0;
    }
}
