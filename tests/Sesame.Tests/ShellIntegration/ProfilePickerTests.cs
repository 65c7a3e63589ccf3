using Sesame.Cli.Shell;

namespace Sesame.Tests.ShellIntegration;

/// <summary>The filtering list of <c>sesame use</c> without a profile, driven key by key.</summary>
public sealed class ProfilePickerTests
{
    private static readonly string[] Names = ["default", "prod", "dev", "prod-data-Admin", "sso-dev", "base"];

    [Fact]
    public void Typing_filters_by_every_term_ignoring_case_with_names_that_start_with_it_first()
    {
        Assert.Equal(["dev", "sso-dev"], ProfilePicker.Filter(Names, "dev"));
        Assert.Equal(["prod-data-Admin"], ProfilePicker.Filter(Names, "PROD admin"));
        Assert.Equal(Names, ProfilePicker.Filter(Names, "  "));
        Assert.Empty(ProfilePicker.Filter(Names, "staging"));
    }

    [Fact]
    public void Enter_chooses_the_first_match_of_the_filter()
    {
        var keys = Type("sso", Key.Of(KeyKind.Enter));

        Assert.Equal("sso-dev", new ProfilePicker(Names, keys, current: null).Run());
    }

    [Fact]
    public void Arrows_move_the_selection_and_wrap_around()
    {
        Assert.Equal("prod", Run(Key.Of(KeyKind.Down), Key.Of(KeyKind.Enter)));
        Assert.Equal("base", Run(Key.Of(KeyKind.Up), Key.Of(KeyKind.Enter)));
        Assert.Equal("default", Run(Key.Of(KeyKind.Up), Key.Of(KeyKind.Down), Key.Of(KeyKind.Enter)));
    }

    [Fact]
    public void The_current_profile_is_selected_at_the_start()
    {
        Assert.Equal("dev", new ProfilePicker(Names, new ScriptedKeys(Key.Of(KeyKind.Enter)), current: "dev").Run());
    }

    [Fact]
    public void Backspace_and_ctrl_u_widen_the_filter_again()
    {
        Assert.Equal("sso-dev", Run([.. Keys("ssx"), Key.Of(KeyKind.Backspace), Key.Of(KeyKind.Enter)]));
        Assert.Equal("default", Run([.. Keys("zzz"), Key.Of(KeyKind.ClearLine), Key.Of(KeyKind.Enter)]));
    }

    [Fact]
    public void Enter_with_no_match_chooses_nothing_and_the_picker_stays()
    {
        var keys = Type("zzz", Key.Of(KeyKind.Enter), Key.Of(KeyKind.Cancel));

        Assert.Null(new ProfilePicker(Names, keys, null).Run());
        Assert.Contains(keys.Frames, frame => frame.Contains("(no profile matches)", StringComparison.Ordinal));
    }

    [Fact]
    public void Leaving_chooses_nothing_and_erases_the_picker()
    {
        var keys = new ScriptedKeys(Key.Of(KeyKind.Down), Key.Of(KeyKind.Cancel));

        Assert.Null(new ProfilePicker(Names, keys, null).Run());
        Assert.EndsWith("\r\x1b[J", keys.Written, StringComparison.Ordinal);
    }

    [Fact]
    public void It_shows_the_filter_a_window_of_matches_and_the_count_and_marks_the_selection()
    {
        var keys = Type("d", Key.Of(KeyKind.Down), Key.Of(KeyKind.Enter));

        new ProfilePicker(Names, keys, null).Run();

        Assert.Equal("profile> d\n  default\n> dev\n  prod\n  prod-data-Admin\n  sso-dev\n  5/6  ↑/↓ move · Enter choose · Esc leave", keys.Frames[^2]);
    }

    [Fact]
    public void A_small_terminal_shows_a_window_that_follows_the_selection()
    {
        var keys = new ScriptedKeys([.. Enumerable.Repeat(Key.Of(KeyKind.Down), 4), Key.Of(KeyKind.Enter)]) { Size = (5, 80) };

        Assert.Equal("sso-dev", new ProfilePicker(Names, keys, null).Run());
        Assert.Equal("profile> \n  dev\n  prod-data-Admin\n> sso-dev\n  6/6  ↑/↓ move · Enter choose · Esc leave", keys.Frames[^2]);
    }

    [Fact]
    public void The_interactive_consoles_pick_uses_its_own_prompt_and_empty_text()
    {
        var keys = Type("zz", Key.Of(KeyKind.ClearLine), Key.Of(KeyKind.Down), Key.Of(KeyKind.Enter));

        Assert.Equal("prod", new ProfilePicker(Names, keys, null, prompt: "> ", nothing: "(nothing matches)").Run());
        Assert.Contains("> zz\n  (nothing matches)\n  0/6", keys.Frames[2], StringComparison.Ordinal);
    }

    private static string? Run(params Key[] keys) => new ProfilePicker(Names, new ScriptedKeys(keys), null).Run();

    private static Key[] Keys(string text) => text.Select(c => new Key(KeyKind.Char, c)).ToArray();

    private static ScriptedKeys Type(string text, params Key[] then) => new([.. Keys(text), .. then]);
}
