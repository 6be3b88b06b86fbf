package io.github.gigabot.chat;

/**
 * The asker's say over a question once it has its turn: whether it is still to be asked, and what
 * it cost. Both are called while the call holds its slot, so with one call at a time (a personal
 * key) a limit checked here is exact: no answer starts before the one ahead of it is counted.
 */
public interface Admission {

    /** No say: every question is asked, its cost goes unheard. */
    Admission ALWAYS = new Admission() {
        @Override
        public boolean admit() {
            return true;
        }

        @Override
        public void spent(TokenUsage usage) {
        }
    };

    /** Asked once the call has its turn, before anything is sent; false withdraws the question. */
    boolean admit();

    /** Told what a finished answer cost, before the turn passes on. */
    void spent(TokenUsage usage);
}
