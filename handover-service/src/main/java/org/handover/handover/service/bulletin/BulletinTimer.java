package org.handover.handover.service.bulletin;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.handover.handover.config.BulletinConfig;
import org.jboss.logging.Logger;

/**
 * Every replica's bulletin work, each tick ({@code bulletin.tick}): start the due bulletins, then, page by page,
 * decide the recipients that can move (batches of {@code bulletin.batch}, claimed {@code FOR UPDATE SKIP LOCKED} so
 * replicas share them) and order copies up to the page's pace ({@code bulletin.rate-per-page}: one tick's worth,
 * shared by the replicas; a page another replica is working on is skipped), then mark settled bulletins done. A
 * failure (database away) is tried again on the next tick.
 */
@ApplicationScoped
public class BulletinTimer {

    private static final Logger LOG = Logger.getLogger(BulletinTimer.class);

    private final BulletinService service;
    private final BulletinConfig config;

    public BulletinTimer(BulletinService service, BulletinConfig config) {
        this.service = service;
        this.config = config;
    }

    @Scheduled(every = "${bulletin.tick:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            service.startDue(10);
            for (String page : service.activePages()) {
                for (int i = 0; i < config.batchesPerTick(); i++) {
                    BulletinService.Turn turn = service.deliver(page, config.batch());
                    if (turn.busy() || turn.paced() || turn.decided() < config.batch()) {
                        break;
                    }
                }
            }
            service.finishSettled();
        } catch (RuntimeException e) {
            LOG.warnf("Bulletin delivery failed (%s); tried again on the next tick", e.getClass().getSimpleName());
        }
    }
}
